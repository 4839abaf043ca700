/**
 * The list of simulated services. Each entry names a factory that builds the service's Hono
 * sub-app from explicit dependencies; the server composes them (see environment.ts).
 */
import type { ServiceModule } from './core/deps.js';

/** Every simulated service, in start-up map order. */
export const SERVICE_MODULES: readonly ServiceModule[] = [];
