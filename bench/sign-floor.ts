/**
 * The raw RSA signing floor the benchmarks compare against: RSA-SHA256 (PKCS#1 v1.5) signatures
 * with the STS key on one thread, over a SignedInfo-sized input, measured in the same run.
 */
import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { signRsaSha256, type SignerStrategy } from '../simulator/saml/rsa-signer.js';

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

/** What asynchronous signing alone costs: per signature, process CPU, event-loop time and wall time (µs). */
export interface AsyncSignCost {
  cpuUs: number;
  loopUs: number;
  wallUs: number;
}

/**
 * `count` RSA-SHA256 signatures with `keyPem` through Node's asynchronous `crypto.sign` (libuv's
 * thread pool), `inFlight` at a time, as the STS signs: the event-loop time per signature is the
 * part of a token's event-loop time that signing off the loop still costs it (queueing, the
 * completion, and the pool threads preempting the main thread on a machine with few cores).
 */
export async function asyncSignCost(keyPem: string, count: number, inFlight: number): Promise<AsyncSignCost> {
  const key = createPrivateKey(keyPem);
  const data = randomBytes(600);
  const run = (n: number): Promise<void> =>
    new Promise((resolve, reject) => {
      let started = 0;
      let done = 0;
      const one = (): void => {
        started++;
        sign('sha256', data, key, (err) => {
          if (err !== null) return reject(err);
          if (++done === n) resolve();
          else if (started < n) one();
        });
      };
      for (let i = 0; i < Math.min(inFlight, n); i++) one();
    });
  return measureSigning(run, count);
}

/**
 * `count` RSA-SHA256 signatures with `keyPem` made by one of the simulator's signing strategies
 * (`simulator/saml/rsa-signer.ts`), `inFlight` at a time, nothing else running: per signature,
 * process CPU, event-loop time and wall time (µs). Of `sync`, the event-loop time is the signature
 * itself; of the others, what handing it to another thread and taking the answer back costs the
 * event loop (plus any preemption by the signing threads).
 */
export async function strategySignCost(keyPem: string, count: number, inFlight: number, strategy: SignerStrategy): Promise<AsyncSignCost> {
  const key = createPrivateKey(keyPem);
  // The STS signs a canonical SignedInfo (~600 bytes of text).
  const text = randomBytes(450).toString('base64');
  const run = async (n: number): Promise<void> => {
    let started = 0;
    const one = async (): Promise<void> => {
      while (started < n) {
        started++;
        await signRsaSha256(text, key, strategy);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, one));
  };
  return measureSigning(run, count);
}

/** Warm `run` up, then time `run(count)`: process CPU, event-loop time and wall time per signature (µs). */
async function measureSigning(run: (n: number) => Promise<void>, count: number): Promise<AsyncSignCost> {
  await run(Math.min(200, count));
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  await run(count);
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  return { cpuUs: (c.user + c.system) / count, loopUs: (elu.active * 1000) / count, wallUs: (wallMs * 1000) / count };
}
