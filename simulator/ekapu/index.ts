/**
 * eKapu: the upload endpoint of the connection-check result, and the result's format.
 *
 * @example
 * ```ts
 * import { EKAPU_MODULE } from './simulator/ekapu/index.js';
 * export const SERVICE_MODULES = [...others, EKAPU_MODULE];
 * ```
 */
export { createEkapuApp, type UploadRecord } from './ekapu-app.js';
export { EKAPU_MODULE } from './module.js';
export { verifyUpload, MAX_RESULT_AGE_DAYS, type AcceptedUpload } from './verify-upload.js';
export { verifyCms, cmsBytes, type VerifiedCms } from './cms-verify.js';
export { CONNECTION_RESULT_FORMAT, parseConnectionResult, type ConnectionCheckResult, type ConnectionCheckStep } from './result-format.js';
