import { isolationScenario } from './scenario.js';

isolationScenario('a');
