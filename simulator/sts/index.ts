/**
 * The Security Token Service, one import for the rest of the simulator (see docs/protocol.md).
 *
 * @example
 * ```ts
 * import { stsModule, unlockAccount, recordCardActivation } from '../sts/index.js';
 * ```
 */
export { createStsApp, randomIds, stsModule, type StsOptions } from './sts-app.js';
export { unlockAccount, FAILED_LOGINS_BUCKET, type UnlockResult } from './lockout.js';
export { activationOfRid, recordCardActivation, EID_ACTIVATIONS_BUCKET, type ActivationLookup, type CardActivation } from './card-activations.js';
export { NONCE_BUCKET, RID_PACKAGE_BUCKET } from './replay-cache.js';
export { AUTHN_CONTEXT, type IdSource } from './issue.js';
export type { AuthMethod, Authenticated } from './authenticated.js';
export {
  cardIssueRequest,
  certificateIssueRequest,
  extractAssertion,
  issueRst,
  passwordIssueRequest,
  SOAP12_ISSUE,
  validateRequest,
  type CardRequestInput,
  type CertificateRequestInput,
  type PasswordRequestInput,
  type ValidateRequestInput,
} from './sts-client.js';
export { stsWsdl } from './sts-wsdl.js';
