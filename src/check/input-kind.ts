// Inputs that are not Kubernetes manifests yet: Helm chart templates and kustomize configurations.
// Read as YAML they give a cascade of syntax errors (and the documents that happen to parse give
// misleading findings, such as a Service that "selects no pod" because its Deployment did not
// parse), or, for kustomize, patches checked as if they were complete objects. Each such file is
// one located error saying what to run instead, and is not parsed at all. This runs before the
// YAML reader, on the decoded text, so nothing of the file reaches the parser or its warnings.
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Diagnostic } from '../diagnostics/index.js';

/**
 * Template actions only Helm writes: `.Values`, `.Release`, `.Chart`, `.Files`, `.Capabilities`,
 * `include`/`template`/`tpl` calls and the Sprig indentation helpers. Go templates that a rendered
 * manifest legitimately carries in its strings (Argo CD notification templates, Prometheus alert
 * text) use none of them, so they are not mistaken for Helm.
 */
const HELM_ACTION = /^\{\{-?\s*(?:[^}]*?[\s(|])?(?:\$?\.(?:Values|Release|Chart|Files|Capabilities|Template)\b|(?:include|template|tpl|toYaml|nindent|indent)\s)/;

/** Longest template action looked at; Helm's are short, and a bound keeps hostile input linear. */
const MAX_ACTION = 200;

/**
 * The first Helm action: each `{{ ... }}` is tested once, at most MAX_ACTION characters of it, so a
 * file of ten million braces costs one scan (a regular expression over the whole text would retry
 * at every brace).
 */
function firstHelmAction(text: string): { index: number; text: string } | undefined {
  for (let i = text.indexOf('{{'); i !== -1; ) {
    const end = text.indexOf('}}', i + 2);
    if (end === -1) return undefined; // nothing after this is a closed action
    const action = text.slice(i, Math.min(end, i + MAX_ACTION));
    const m = HELM_ACTION.exec(action);
    if (m) return { index: i, text: m[0] };
    // Actions do not nest: the next one starts after this one's `}}`, so every character is looked at once.
    i = text.indexOf('{{', end + 2);
  }
  return undefined;
}

const KUSTOMIZATION_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

const KUSTOMIZE_KIND = /^kind:\s*["']?(?:Kustomization|Component)["']?\s*(?:#.*)?$/m;
const KUSTOMIZE_API = /^apiVersion:\s*["']?kustomize\.config\.k8s\.io\//m;

function at(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: index - start + 1 };
}

function located(code: string, file: string, text: string, index: number, message: string, hint: string): Diagnostic {
  const { line, column } = at(text, index);
  return { code, severity: 'error', message, file, span: { line, column, endLine: line, endColumn: column + 2, offset: index, endOffset: index + 2 }, hint };
}

/** The chart directory of a template file (`chart/templates/x.yaml` -> `chart`), when it has a Chart.yaml; as `file` names it. */
function chartDir(file: string, abs: string): string | undefined {
  for (let d = dirname(abs), shown = dirname(file), i = 0; i < 4 && dirname(d) !== d; d = dirname(d), shown = dirname(shown), i++) {
    if (basename(d) === 'templates' && existsSync(join(dirname(d), 'Chart.yaml'))) return dirname(shown);
  }
  return undefined;
}

/**
 * WD5016 for a Helm template, WD5017 for a kustomization or a file of a kustomize directory, or
 * undefined for a file to read as manifests. `abs` is the file's absolute path (absent for stdin).
 */
export function unrenderedInput(file: string, text: string, abs?: string): Diagnostic | undefined {
  const helm = firstHelmAction(text);
  if (helm) {
    const chart = abs ? chartDir(file, abs) : undefined;
    return located(
      'WD5016',
      file,
      text,
      helm.index,
      `${file} is a Helm template, not a manifest (\`${helm.text.trim()}…\` is not rendered); not read`,
      `render it first: helm template <release> ${chart ? chart : '<chart>'} | warden check -`,
    );
  }
  const name = abs ? basename(abs) : basename(file);
  if (abs && (name === 'Chart.yaml' || (/^values.*\.ya?ml$/.test(name) && existsSync(join(dirname(abs), 'Chart.yaml'))))) {
    return located('WD5016', file, text, 0, `${file} is part of a Helm chart (${name === 'Chart.yaml' ? 'its Chart.yaml' : 'its values'}), not a manifest; not read`, `render the chart first: helm template <release> ${dirname(file)} | warden check -`);
  }
  const kustomizeKind = KUSTOMIZE_API.test(text) && KUSTOMIZE_KIND.exec(text);
  if (KUSTOMIZATION_FILES.has(name) || kustomizeKind) {
    const dir = abs ? dirname(file) : '<dir>';
    return located(
      'WD5017',
      file,
      text,
      kustomizeKind ? kustomizeKind.index : 0,
      `${file} is a kustomize configuration, not a manifest; not read`,
      `render the kustomization first: kubectl kustomize ${dir} | warden check -  (or kustomize build ${dir})`,
    );
  }
  if (abs) {
    const dir = dirname(abs);
    const k = [...KUSTOMIZATION_FILES].find((f) => existsSync(join(dir, f)));
    if (k) {
      const shownDir = dirname(file);
      return located(
        'WD5017',
        file,
        text,
        0,
        `${file} belongs to the kustomization in ${join(shownDir, k)}: it may be a patch or a base, not what is deployed; not read`,
        `render the kustomization first: kubectl kustomize ${shownDir} | warden check -`,
      );
    }
  }
  return undefined;
}
