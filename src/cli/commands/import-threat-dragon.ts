// `warden import threat-dragon <file.json>`: a Threat Dragon v2 model to a .warden model (src/interop).
import { importThreatDragon } from '../../interop/index.js';
import { importCommand } from './interop-shared.js';

export const command = importCommand('threat-dragon', 'Threat Dragon', 'v2 JSON', importThreatDragon);
