/**
 * The five business services (Eseménykatalógus, EHR, eProfil, eRecept, eBeutaló), as service
 * modules for `simulator/services.ts`.
 */
import type { ServiceModule } from '../core/deps.js';
import { EBEUTALO_MODULE } from './ebeutalo.js';
import { EHR_MODULE } from './ehr.js';
import { EPROFIL_MODULE } from './eprofil.js';
import { ERECEPT_MODULE } from './erecept.js';
import { ESEMENYKATALOGUS_MODULE } from './esemenykatalogus.js';

/** The business service modules, in the order of the permission matrix. */
export const BUSINESS_SERVICE_MODULES: readonly ServiceModule[] = [ESEMENYKATALOGUS_MODULE, EHR_MODULE, EPROFIL_MODULE, ERECEPT_MODULE, EBEUTALO_MODULE];

export { ESEMENYKATALOGUS_SPEC, createEsemenykatalogusApp, ESEMENYKATALOGUS_MODULE } from './esemenykatalogus.js';
export { EHR_SPEC, createEhrApp, EHR_MODULE } from './ehr.js';
export { EPROFIL_SPEC, createEprofilApp, EPROFIL_MODULE } from './eprofil.js';
export { ERECEPT_SPEC, createEreceptApp, ERECEPT_MODULE } from './erecept.js';
export { EBEUTALO_SPEC, createEbeutaloApp, EBEUTALO_MODULE } from './ebeutalo.js';
export { PERMISSION_MATRIX, ACTORS, SERVICE_IDS, ACCESS_KINDS, SERVICE_TITLES } from './permission-matrix.js';
