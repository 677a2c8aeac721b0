import { loadModelWithThreats } from '../../src/check/model-input.js';
const m = loadModelWithThreats('test/check/fixtures/cli/model.warden');
console.log(m.diagnostics.map(d => d.code + ' ' + d.message + ' ' + d.file + ':' + d.span.line), !!m.model);
console.log(JSON.stringify(m.model?.controls.filter(c => ['noPrivileged','trustedRegistry'].includes(c.id)), null, 0));
console.log(m.model?.elements.map(e => [e.id, e.attributes.exposure, e.controls.map(c => c.control)]));
console.log(m.register?.threats.filter(t => t.target.id === 'Api').map(t => [t.id, t.category, t.controls.join(',')]));
