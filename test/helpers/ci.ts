/**
 * Whether the tests run in CI (`.ci/run` exports `CI=true`): there a test that needs an optional
 * tool (Chromium, pcscd with vpcd, Python zeep) must run and fail when the tool is missing,
 * instead of being skipped as on a developer's machine.
 *
 * @example
 * ```ts
 * if (tool === undefined && runningInCi()) throw new Error('install the tool');
 * ```
 */
export function runningInCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false';
}
