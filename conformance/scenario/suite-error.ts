/**
 * An error of the suite itself (the simulator's control API failed, a persona is missing from the
 * fixtures), as opposed to a finding about the HIS. A check that hits one is reported as `error`.
 *
 * @example
 * ```ts
 * throw new SuiteError('the fixture set has no persona `no-role`; load the default fixtures');
 * ```
 */
export class SuiteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SuiteError';
  }
}
