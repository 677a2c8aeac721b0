// `warden export threagile <model>`: the model and its threats as a Threagile YAML model.
import { exportThreagile } from '../../interop/index.js';
import { exportCommand } from './interop-shared.js';

export const command = exportCommand(
  'threagile',
  "write the model and its threats as a Threagile YAML model (accepted by Threagile's schema), to run its risk rules",
  "Threagile's support/schema.json",
  (model, register) => exportThreagile(model, register),
);
