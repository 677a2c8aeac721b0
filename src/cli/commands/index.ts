// The command table. Each entry loads its module lazily so `warden validate` never pays for the
// Rego compiler or Graphviz. Keep entries sorted by name; each module exports `command`.
import type { Command } from '../command.js';

export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

export const commands: CommandEntry[] = [
  { name: 'check', summary: 'check manifests, workflows, Dockerfiles and Azure IaC against the model (or a control profile): findings traced to threats and model lines', load: async () => (await import('./check.js')).command },
  { name: 'checklist', summary: 'Markdown checklists per DevSecOps phase from the open threats and their controls', load: async () => (await import('./checklist.js')).command },
  { name: 'diagram', summary: 'draw the data-flow diagram (SVG, DOT or Mermaid) with trust boundaries and threat badges', load: async () => (await import('./diagram.js')).command },
  { name: 'diff', summary: 'compare the threats of two models (files or git revisions REV:path): added, removed, changed', load: async () => (await import('./diff.js')).command },
  { name: 'docs', summary: 'regenerate the warden-marked regions (diagrams, threat tables, checklists) of Markdown files', load: async () => (await import('./docs.js')).command },
  { name: 'export azure-policy', summary: 'write Azure Policy definitions for AKS (Microsoft.Kubernetes.Data) carrying the Gatekeeper templates', load: async () => (await import('./export-azure-policy.js')).command },
  { name: 'export bundle', summary: "write the model's policy as an OPA bundle (tar.gz: .manifest, policy.wasm, data.json, Rego sources)", load: async () => (await import('./export-bundle.js')).command },
  { name: 'export gatekeeper', summary: 'write Gatekeeper ConstraintTemplates and Constraints for the controls admission can enforce', load: async () => (await import('./export-gatekeeper.js')).command },
  { name: 'export model', summary: 'print the resolved model as JSON (docs/model-schema.json)', load: async () => (await import('./export-model.js')).command },
  { name: 'export otm', summary: 'write the model and its threats as an Open Threat Model (OTM 0.2.0) document for IriusRisk, threatcl and other OTM readers', load: async () => (await import('./export-otm.js')).command },
  { name: 'export threagile', summary: "write the model and its threats as a Threagile YAML model (accepted by Threagile's schema), to run its risk rules", load: async () => (await import('./export-threagile.js')).command },
  { name: 'export threat-dragon', summary: "write the model and its threats as an OWASP Threat Dragon v2 model (opens in Threat Dragon's diagram editor)", load: async () => (await import('./export-threat-dragon.js')).command },
  { name: 'export ts', summary: 'generate a typed TypeScript module of element and threat ids', load: async () => (await import('./export-ts.js')).command },
  { name: 'fmt', summary: 'format models canonically (print, --check or --write)', load: async () => (await import('./fmt.js')).command },
  { name: 'import otm', summary: 'write a .warden model from an Open Threat Model file (JSON or YAML), reporting what could not be mapped', load: async () => (await import('./import-otm.js')).command },
  { name: 'import threagile', summary: 'write a .warden model from a Threagile model (YAML), reporting what could not be mapped', load: async () => (await import('./import-threagile.js')).command },
  { name: 'import threat-dragon', summary: 'write a .warden model from a Threat Dragon model (v2 JSON), reporting what could not be mapped', load: async () => (await import('./import-threat-dragon.js')).command },
  { name: 'init', summary: 'scaffold a starter model (model.warden + README.md)', load: async () => (await import('./init.js')).command },
  { name: 'lsp', summary: 'language server for .warden files over stdio (diagnostics, completion, hover, rename, formatting)', load: async () => (await import('./lsp.js')).command },
  { name: 'policy build', summary: "derive and compile the model's policy bundle (policy.wasm, data.json, sources, manifest.json)", load: async () => (await import('./policy-build.js')).command },
  { name: 'serve', summary: 'live page for workshops: diagram, threat register, checklists and diagnostics, updated on every save', load: async () => (await import('./serve.js')).command },
  { name: 'threats', summary: 'list the STRIDE threats of a model (text, JSON, Markdown, SARIF, CSV) and gate CI with --fail-on', load: async () => (await import('./threats.js')).command },
  { name: 'rego build', summary: 'compile Rego policies to an OPA WebAssembly module', load: async () => (await import('./rego-build.js')).command },
  { name: 'rego eval', summary: 'evaluate a Rego query through the Wasm compiler', load: async () => (await import('./rego-eval.js')).command },
  { name: 'rego test', summary: 'run Rego test_* rules through the Wasm compiler, like opa test', load: async () => (await import('./rego-test.js')).command },
  { name: 'report', summary: 'write a self-contained HTML report: summary, diagram, filterable threat register, checklists', load: async () => (await import('./report.js')).command },
  { name: 'trace', summary: 'link code to threats: read @mitigates/@exposes tags in TS/JS sources', load: async () => (await import('./trace.js')).command },
  { name: 'validate', summary: 'check models for syntax, name and type errors', load: async () => (await import('./validate.js')).command },
];
