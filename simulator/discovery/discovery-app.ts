/**
 * `GET /.well-known/eeszt-sim`: what a client needs to find everything: version, the URL of
 * every endpoint, the CA chain and signing certificates (PEM), the simulator clock.
 */
import { Hono } from 'hono';
import type { ServiceModule, SimDeps, SimHonoEnv } from '../core/deps.js';

/** The discovery document. */
export interface DiscoveryDocument {
  name: 'eeszt-sim';
  version: string;
  /** Isolated run id, or null for the default environment. */
  run: string | null;
  clock: ReturnType<SimDeps['clock']['state']>;
  /** What this environment's tokens carry: its own STS issuer (tokens act only where issued) and the services' audience. */
  tokens: { issuer: string; audience: string; lifetimeMinutes: number };
  /** The policy of this environment: `strict` (EESZT's rules) or `lenient` (relaxed, answers flagged). */
  policy: SimDeps['config']['policy'];
  /** Every endpoint URL, by name. */
  endpoints: Record<string, string>;
  /** HTTPS listeners in TLS mode (null when TLS is off). */
  tls: { portal: string; sts: string; services: string; clientCertificateRequiredFor: string[] } | null;
  certificates: {
    /** Root and issuing CA certificates, one PEM bundle. */
    caBundle: string;
    root: string;
    issuing: { tls: string; waf: string; institution: string; card: string };
    /** Certificate of the key that signs SAML tokens. */
    stsSigning: string;
    /** Certificate of the key that signs eID request and rID packages. */
    eidServer: string;
    tlsServer: string;
  };
}

/** Build the discovery document for a base URL (origin + environment base path). */
export function discoveryDocument(deps: SimDeps, modules: readonly ServiceModule[], base: string): DiscoveryDocument {
  const endpoints: Record<string, string> = {
    discovery: `${base}/.well-known/eeszt-sim`,
    control: `${base}/_sim`,
    controlReset: `${base}/_sim/reset`,
    controlFixtures: `${base}/_sim/fixtures`,
    controlClock: `${base}/_sim/clock`,
    controlJournal: `${base}/_sim/journal`,
  };
  if (deps.runId === undefined) endpoints.controlRuns = `${base}/_sim/runs`;
  for (const m of modules) {
    for (const [name, suffix] of Object.entries(m.endpoints)) endpoints[name] = `${base}${m.mount}${suffix}`;
  }
  const { pki } = deps;
  const tls = deps.config.tls;
  return {
    name: 'eeszt-sim',
    version: deps.config.version,
    run: deps.runId ?? null,
    clock: deps.clock.state(),
    tokens: { issuer: deps.config.stsIssuer, audience: deps.config.audience, lifetimeMinutes: deps.config.tokenLifetimeMinutes },
    policy: deps.config.policy,
    endpoints,
    tls:
      tls === undefined
        ? null
        : {
            ...tls,
            clientCertificateRequiredFor: modules.filter((m) => m.listener !== 'portal').map((m) => m.mount),
          },
    certificates: {
      caBundle: pki.caBundlePem(),
      root: pki.root.certPem,
      issuing: { tls: pki.cas.tls.certPem, waf: pki.cas.waf.certPem, institution: pki.cas.institution.certPem, card: pki.cas.card.certPem },
      stsSigning: pki.sts.certPem,
      eidServer: pki.eidServer.certPem,
      tlsServer: pki.tlsServer.certPem,
    },
  };
}

/** Everything the discovery document is made of besides the clock (compared by value: cheap, as the strings are shared). */
function documentInputs(deps: SimDeps, base: string): readonly unknown[] {
  const { config, pki } = deps;
  const tls = config.tls;
  return [
    base,
    deps.runId,
    config.version,
    config.stsIssuer,
    config.audience,
    config.tokenLifetimeMinutes,
    config.policy,
    tls?.portal,
    tls?.sts,
    tls?.services,
    pki.root.certPem,
    pki.cas.tls.certPem,
    pki.cas.waf.certPem,
    pki.cas.institution.certPem,
    pki.cas.card.certPem,
    pki.sts.certPem,
    pki.eidServer.certPem,
    pki.tlsServer.certPem,
  ];
}

const CLOCK_MARK = '\u0000clock\u0000';

/**
 * The discovery document as JSON, serialized once per set of inputs: only the clock changes from
 * one request to the next, so the text around it is kept (per base URL, as long as nothing it is
 * made of changed) and the clock's JSON put in between. Byte for byte what `JSON.stringify` of
 * {@link discoveryDocument} gives.
 */
export function discoveryJsonWriter(deps: SimDeps, modules: readonly ServiceModule[]): (base: string) => string {
  let cached: { inputs: readonly unknown[]; before: string; after: string } | undefined;
  return (base) => {
    const inputs = documentInputs(deps, base);
    if (cached === undefined || cached.inputs.length !== inputs.length || cached.inputs.some((v, i) => v !== inputs[i])) {
      const text = JSON.stringify({ ...discoveryDocument(deps, modules, base), clock: CLOCK_MARK });
      const [before, after] = text.split(JSON.stringify(CLOCK_MARK)) as [string, string];
      cached = { inputs, before, after };
    }
    return `${cached.before}${JSON.stringify(deps.clock.state())}${cached.after}`;
  };
}

/** The discovery sub-app. */
export function createDiscoveryApp(deps: SimDeps, modules: readonly ServiceModule[]): Hono<SimHonoEnv> {
  const app = new Hono<SimHonoEnv>();
  const json = discoveryJsonWriter(deps, modules);
  app.get('/eeszt-sim', (c) => {
    const origin = new URL(c.req.url).origin;
    return c.body(json(`${origin}${deps.basePath}`), 200, { 'content-type': 'application/json' });
  });
  return app;
}
