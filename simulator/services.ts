/**
 * The list of simulated services. Each entry names a factory that builds the service's Hono
 * sub-app from explicit dependencies; the server composes them (see environment.ts).
 */
import type { ServiceModule } from './core/deps.js';
import { stsModule } from './sts/sts-app.js';
import { IAM_MODULE } from './iam/module.js';
import { BUSINESS_SERVICE_MODULES } from './services/index.js';
import { EID_MODULES } from './eid/modules.js';
import { PORTAL_MODULE } from './portal/module.js';
import { miniHisModule } from './minihis/module.js';
import { MOBILTOKEN_CONTROL_MODULE } from './mobiltoken/control-module.js';
import { UI_MODULE } from './ui/index.js';
import { EKAPU_MODULE } from './ekapu/module.js';

/** Every simulated service, in start-up map order. */
export const SERVICE_MODULES: readonly ServiceModule[] = [stsModule, IAM_MODULE, ...BUSINESS_SERVICE_MODULES, ...EID_MODULES, PORTAL_MODULE, miniHisModule, MOBILTOKEN_CONTROL_MODULE, EKAPU_MODULE, UI_MODULE];
