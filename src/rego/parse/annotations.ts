// METADATA comment blocks: `# METADATA` followed by a YAML document in consecutive comment lines.
// A block applies to the rule or package that starts on the line right after it.
import { yaml } from '../../text/yaml-lazy.js';
import { parseYamlMappingFast } from '../../text/fast-yaml.js';
import type { Diagnostic } from '../../diagnostics/index.js';
import type { Annotation } from './ast.js';
import type { CommentTok } from './lexer.js';

export function parseAnnotations(file: string, comments: CommentTok[], diagnostics: Diagnostic[]): { byNextLine: Map<number, Annotation>; all: Annotation[] } {
  const byNextLine = new Map<number, Annotation>();
  const all: Annotation[] = [];
  for (let i = 0; i < comments.length; i++) {
    const c = comments[i]!;
    if (c.text.replace(/^#\s*/, '').trim() !== 'METADATA') continue;
    const lines: string[] = [];
    let j = i + 1;
    let lastLine = c.line;
    while (j < comments.length && comments[j]!.line === lastLine + 1 && comments[j]!.text.replace(/^#\s?/, '').trim() !== 'METADATA') {
      lines.push(comments[j]!.text.replace(/^#\s?/, ''));
      lastLine = comments[j]!.line;
      j++;
    }
    i = j - 1;
    let raw: Record<string, unknown> = {};
    try {
      const v = metadataValue(lines.join('\n'));
      if (v && typeof v === 'object' && !Array.isArray(v)) raw = v as Record<string, unknown>;
    } catch (e) {
      diagnostics.push({
        code: 'rego_parse_error',
        severity: 'error',
        message: `yaml: ${(e as Error).message.split('\n')[0]}`,
        file,
        span: { line: c.line, column: c.col, endLine: c.line, endColumn: c.col + c.text.length, offset: c.offset, endOffset: c.offset + c.text.length },
      });
      continue;
    }
    const str = (k: string): string | undefined => (typeof raw[k] === 'string' ? (raw[k] as string) : undefined);
    const a: Annotation = {
      scope: str('scope'),
      title: str('title'),
      description: str('description'),
      custom: raw['custom'] && typeof raw['custom'] === 'object' ? (raw['custom'] as Record<string, unknown>) : undefined,
      raw,
      location: { file, row: lastLine + 1, col: 1 },
    };
    all.push(a);
    byNextLine.set(lastLine + 1, a);
  }
  return { byNextLine, all };
}

/**
 * A METADATA block's YAML: the fast reader (the same values as the yaml package on the subset it
 * reads, which METADATA blocks keep to) and the yaml package for anything else. `<<` goes to the
 * yaml package, which (YAML 1.2) reads it as a plain key where the manifest reader merges.
 */
function metadataValue(text: string): unknown {
  const fast = text.includes('<<') ? undefined : parseYamlMappingFast(text);
  return fast ?? (yaml().parse(text, { logLevel: 'error' }) as unknown);
}
