/**
 * The card login's EESZT side: the eID request service, the eID server, request and rID
 * packages, the sector key, and the simulator modules (docs/card-login.md).
 *
 * @example
 * ```ts
 * import { EID_MODULES, issueRequestPackage } from './simulator/eid/index.js';
 * ```
 */
export * from './card-response.js';
export * from './cards-control-app.js';
export * from './eid-state.js';
export * from './in-process.js';
export * from './issue-request.js';
export * from './modules.js';
export * from './request-app.js';
export * from './request-package.js';
export * from './rid-package.js';
export * from './sector-key.js';
export * from './server-app.js';
