import { isolationScenario } from './scenario.js';

isolationScenario('b');
