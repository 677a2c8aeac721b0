// `warden export threat-dragon <model>`: the model and its threats as a Threat Dragon v2 model.
import { exportThreatDragon } from '../../interop/index.js';
import { exportCommand } from './interop-shared.js';

export const command = exportCommand(
  'threat-dragon',
  "write the model and its threats as an OWASP Threat Dragon v2 model (opens in Threat Dragon's diagram editor)",
  'threat-dragon-v2.schema.json',
  (model, register) => exportThreatDragon(model, register),
);
