// The container's health check: healthy when the discovery document answers 200 on the plain
// HTTP listener. A file rather than an inline `node -e` so that every compose implementation
// (docker compose, podman-compose) passes it through without re-quoting.
const url = process.env.EESZT_SIM_HEALTH_URL ?? 'http://127.0.0.1:8080/.well-known/eeszt-sim';
fetch(url, { signal: AbortSignal.timeout(8000) }).then(
  (res) => process.exit(res.ok ? 0 : 1),
  () => process.exit(1),
);
