// `warden import threagile <model.yaml>`: a Threagile model to a .warden model (src/interop).
import { importThreagile } from '../../interop/index.js';
import { importCommand } from './interop-shared.js';

export const command = importCommand('threagile', 'Threagile', 'YAML', importThreagile);
