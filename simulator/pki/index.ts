/**
 * The simulator's test PKI (see docs/pki.md): one import for the rest of the simulator.
 *
 * @example
 * ```ts
 * import { loadPki, verifyChain } from '../pki/index.js';
 * const pki = await loadPki({ seed: 1, cacheDir: defaultCacheDir() });
 * ```
 */
export type { Credential, CredentialKind, IssueOptions, TestPki } from './types.js';
export { createPkiInMemory, defaultCacheDir, loadPki, loadPkiSync, type LoadedPki, type LoadPkiOptions, type PkiLoadInfo } from './create-pki.js';
export { toPkcs12 } from './pkcs12.js';
export {
  describeCertificate,
  verifyChain,
  type CertificateDescription,
  type ChainFailure,
  type ChainFailureReason,
  type ChainResult,
  type ChainSuccess,
  type VerifyChainOptions,
} from './verify-chain.js';
export { splitPemBundle } from './pem.js';
export { CA_NOT_AFTER, EE_NOT_AFTER, PKI_NOT_BEFORE, TLS_SERVER_HOSTS } from './profiles.js';
