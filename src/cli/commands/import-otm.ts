// `warden import otm <file.json|yaml>`: an Open Threat Model file to a .warden model (src/interop).
import { importOtm } from '../../interop/index.js';
import { importCommand } from './interop-shared.js';

export const command = importCommand('otm', 'Open Threat Model', 'JSON or YAML', importOtm);
