/**
 * Run the connection check: every step in order (skipping those whose prerequisite failed),
 * then the result document signed with the organisation's WAF-SSL certificate (CMS), ready for
 * upload to eKapu.
 *
 * @example
 * ```ts
 * const run = await runConnectionCheck({ p12, password: 'pw', discoveryUrl: 'http://127.0.0.1:8080/.well-known/eeszt-sim' });
 * run.result.passed; // true
 * writeFileSync('check.p7m', run.signed!);
 * ```
 */
import { PACKAGE_VERSION } from '../../simulator/version.js';
import { CONNECTION_RESULT_FORMAT, type ConnectionCheckResult, type ConnectionCheckStep } from '../../simulator/ekapu/result-format.js';
import { signCms } from '../../reports/cms-sign.js';
import { STEPS, type CheckContext } from './steps.js';

/** Options of {@link runConnectionCheck}. */
export interface ConnectionCheckOptions {
  p12: Buffer;
  password: string;
  discoveryUrl: string;
  timeoutMs?: number;
  user?: { username: string; password: string; unit?: string };
  controlToken?: string;
  /** Called after each step. */
  onStep?(step: ConnectionCheckStep): void;
}

/** The outcome: the result and, when the PKCS#12 opened, its signed form. */
export interface ConnectionCheckRun {
  result: ConnectionCheckResult;
  /** DER of the CMS SignedData (undefined when the certificate could not be opened). */
  signed?: Buffer;
}

/** Run every step and sign the result. */
export async function runConnectionCheck(options: ConnectionCheckOptions): Promise<ConnectionCheckRun> {
  const ctx: CheckContext = {
    p12: options.p12,
    password: options.password,
    discoveryUrl: options.discoveryUrl,
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(options.user === undefined ? {} : { user: options.user }),
    ...(options.controlToken === undefined ? {} : { controlToken: options.controlToken }),
  };
  const steps: ConnectionCheckStep[] = [];
  for (const step of STEPS) {
    const missing = step.needs.filter((n) => steps.find((s) => s.id === n)?.status !== 'pass');
    let out: ConnectionCheckStep;
    if (missing.length > 0) {
      out = { id: step.id, title: step.title, status: 'skipped', message: `not run: ${missing.join(', ')} did not pass`, durationMs: 0 };
    } else {
      const t0 = performance.now();
      const r = await step.run(ctx);
      out = { id: step.id, title: step.title, status: r.status, message: r.message, ...(r.fix === undefined ? {} : { fix: r.fix }), durationMs: Math.round(performance.now() - t0) };
    }
    steps.push(out);
    options.onStep?.(out);
  }
  const checkedAt = ctx.discovery?.clock.now ?? new Date().toISOString();
  const result: ConnectionCheckResult = {
    format: CONNECTION_RESULT_FORMAT,
    institutionId: ctx.institutionId ?? '',
    certificateSubject: ctx.certificateSubject ?? '',
    certificateSerial: ctx.certificateSerial ?? '',
    target: options.discoveryUrl,
    checkedAt,
    tool: { name: 'eeszt-sim check', version: PACKAGE_VERSION },
    passed: steps.every((s) => s.status === 'pass'),
    steps,
  };
  if (ctx.credential === undefined) return { result };
  const signed = await signCms(Buffer.from(JSON.stringify(result, null, 2)), { keyPem: ctx.credential.keyPem, certPem: ctx.credential.certPem, chainPem: ctx.credential.chainPem, signingTime: new Date(checkedAt) });
  return { result, signed };
}
