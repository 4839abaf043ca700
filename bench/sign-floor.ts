/**
 * The raw RSA signing floor the benchmarks compare against: RSA-SHA256 (PKCS#1 v1.5) signatures
 * with the STS key on one thread, over a SignedInfo-sized input, measured in the same run.
 */
import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import { performance } from 'node:perf_hooks';

/** Raw RSA-SHA256 signatures with `keyPem` on one thread for `ms`: per wall second and per CPU second. */
export function rawSignRate(keyPem: string, ms: number): { wall: number; cpu: number } {
  const key = createPrivateKey(keyPem);
  // A SignedInfo-sized input (the STS signs its canonical SignedInfo, ~600 bytes).
  const data = randomBytes(600);
  for (let i = 0; i < 50; i++) sign('sha256', data, key);
  let n = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let i = 0; i < 20; i++) sign('sha256', data, key);
    n += 20;
    t = performance.now();
  }
  const c = process.cpuUsage(cpu0);
  return { wall: (n * 1000) / (t - t0), cpu: (n * 1e6) / (c.user + c.system) };
}
