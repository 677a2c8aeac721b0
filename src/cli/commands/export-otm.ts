// `warden export otm <model>`: the model and its threat register as an Open Threat Model document.
import { exportOtm } from '../../interop/index.js';
import { exportCommand } from './interop-shared.js';

export const command = exportCommand(
  'otm',
  'write the model and its threats as an Open Threat Model (OTM 0.2.0) document for IriusRisk, threatcl and other OTM readers',
  'otm_schema.json (OTM 0.2.0)',
  (model, register, format) => exportOtm(model, register, format === 'yaml' ? 'yaml' : 'json'),
  ['json', 'yaml'],
);
