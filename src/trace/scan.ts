// Reads TypeScript/JavaScript sources and collects Warden tags from their comments, with the
// TypeScript compiler API as ts-morph ships it (`ts` from ts-morph: the same parser and version
// as the rest of Warden's ts-morph use).
//
// NOTE(speed): files are parsed with `ts.createSourceFile`, not added to a ts-morph `Project`:
// for a pure scan (no type information, no edits) the Project's bookkeeping tripled the cost
// (1,000 files: ~4 s of parse became ~10 s, ~17 s with removal to bound memory). Only files
// whose text mentions one of the tag names are parsed at all (a substring test is far cheaper
// than a parse, and most files of a service carry no tags). In a parsed file, each candidate `@`
// is located in the syntax tree: a comment is always trivia in front of some token, so descending
// to the token whose full range holds the offset finds the comment (or shows the `@` sits in a
// string or in code, which is not a tag). The same descent gives the declaration the comment
// documents, or the one it sits in.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import { ts } from 'ts-morph';
import { readError, readRegularFile } from '../fs/read.js';
import { confine, outsideRootHint, type ProjectRoot } from '../fs/confine.js';
import { emptySpan, type Diagnostic, type Result, type Span } from '../diagnostics/index.js';
import { TRACE_CODES } from './codes.js';
import { classifyTagName, parseTag, TAG_PATTERN, tagsInComment, type TagFields, type TagProblem } from './tags.js';
import type { Annotation, TraceTag } from './types.js';

export interface ScanOptions {
  /** A tsconfig.json whose file set (include/exclude/files, allowJs) decides which files are read. */
  tsconfig?: string;
  /** Directory that paths are resolved against and reported relative to; default process.cwd(). */
  cwd?: string;
  /**
   * When given, a source file is read only if it resolves (symbolic links followed) inside this
   * root (src/fs/confine.ts); a tsconfig's `include` or a linked file cannot reach outside it.
   */
  root?: ProjectRoot;
}

const SOURCE_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);
const isDeclarationFile = (f: string) => /\.d\.[mc]?ts$/.test(f);
// Tags that make a comment's @element/@boundary apply to the whole file.
const FILE_TAGS = new Set(['file', 'fileoverview', 'module', 'packageDocumentation']);

/**
 * Scans source directories (or single files) for Warden tags. Without a tsconfig every
 * .ts/.tsx/.mts/.cts/.js/.jsx/.mjs/.cjs file below the directories is read (node_modules, dot
 * folders and .d.ts files excluded); with one, its file set, narrowed to the given directories.
 * Annotations come out sorted by file, line and column; problems are WD6xxx diagnostics.
 */
export function scanSources(dirs: string[], options: ScanOptions = {}): Result<Annotation[]> {
  const cwd = options.cwd ?? process.cwd();
  const diagnostics: Diagnostic[] = [];
  const display = (abs: string) => relative(cwd, abs).split(sep).join('/') || '.';
  const roots: string[] = [];
  for (const d of dirs) {
    const abs = resolve(cwd, d);
    if (!existsSync(abs)) {
      diagnostics.push({
        code: TRACE_CODES.sourceNotFound,
        severity: 'error',
        message: `source path not found: ${d}`,
        file: d,
        span: emptySpan,
      });
    } else roots.push(abs);
  }

  let files: string[];
  if (options.tsconfig !== undefined) {
    const fromConfig = tsconfigFiles(resolve(cwd, options.tsconfig), options.tsconfig, diagnostics);
    const inRoots = (f: string) => roots.some((r) => f === r || f.startsWith(r.endsWith(sep) ? r : r + sep));
    files = fromConfig.filter((f) => (dirs.length === 0 || inRoots(f)) && !isDeclarationFile(f) && !f.split(sep).includes('node_modules'));
  } else {
    const paths = new Set<string>();
    for (const r of roots) collectFiles(r, paths);
    files = [...paths].sort();
  }

  const annotations: Annotation[] = [];
  for (const path of files) {
    let real = path;
    if (options.root) {
      const c = confine(options.root, cwd, path);
      if (!c.inside) {
        diagnostics.push({ code: TRACE_CODES.outsideRoot, severity: 'error', message: `${display(path)} resolves outside the project root; not read`, file: display(path), span: emptySpan, hint: outsideRootHint(display(options.root.dir)) });
        continue;
      }
      real = c.real;
    }
    let text: string;
    try {
      text = readRegularFile(real);
    } catch (err) {
      const reason = readError(err);
      diagnostics.push({ code: TRACE_CODES.sourceNotFound, severity: 'error', message: `cannot read ${display(path)} (${reason})`, file: display(path), span: emptySpan });
      continue;
    }
    if (!TAG_PATTERN.test(text)) continue;
    // The script kind (TS, TSX, JS, JSX) follows the extension; parents are needed for names.
    // Tags are read from the comment text, so the compiler's JSDoc parse is skipped.
    const sf = ts.createSourceFile(path, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, true);
    scanFile(sf, display(path), annotations, diagnostics);
  }
  annotations.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.span.offset - b.span.offset);
  return { value: annotations, diagnostics };
}

function tsconfigFiles(abs: string, given: string, diagnostics: Diagnostic[]): string[] {
  const problem = (message: string) =>
    diagnostics.push({ code: TRACE_CODES.badTsconfig, severity: 'error', message, file: given, span: emptySpan, hint: 'pass a readable tsconfig.json with --tsconfig' });
  if (!existsSync(abs)) {
    problem(`tsconfig not found: ${given}`);
    return [];
  }
  // A Project built from the tsconfig would parse every file; only the file names are needed here,
  // so ask the compiler for the parsed command line and let the scan parse what carries tags.
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => problem(ts.flattenDiagnosticMessageText(d.messageText, ' ')),
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(abs, undefined, host);
  if (!parsed) return [];
  for (const d of parsed.errors) {
    // "No inputs were found" is not an error for a scan: it simply finds nothing.
    if (d.code === 18003) continue;
    problem(ts.flattenDiagnosticMessageText(d.messageText, ' '));
  }
  return parsed.fileNames.map((f) => resolve(f)).sort();
}

function collectFiles(abs: string, out: Set<string>): void {
  const st = statSync(abs);
  if (st.isFile()) {
    out.add(abs);
    return;
  }
  if (!st.isDirectory()) return;
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const child = join(abs, entry.name);
    if (entry.isDirectory()) collectFiles(child, out);
    else if (entry.isFile() && SOURCE_EXTENSIONS.has(extname(entry.name)) && !isDeclarationFile(entry.name)) out.add(child);
  }
}

const isJsDocNode = (n: ts.Node) => n.kind >= ts.SyntaxKind.FirstJSDocNode && n.kind <= ts.SyntaxKind.LastJSDocNode;

/** The comment holding `offset`, and the path of nodes from the file down to the token it precedes. */
function commentAt(sf: ts.SourceFile, offset: number): { comment: ts.CommentRange; path: ts.Node[] } | undefined {
  const path: ts.Node[] = [];
  let node: ts.Node = sf;
  for (;;) {
    path.push(node);
    const next = node.getChildren(sf).find((c) => !isJsDocNode(c) && c.pos <= offset && offset < c.end);
    if (!next) break;
    node = next;
  }
  // JSX text has no comments: `// x` between tags is text the scanner would misread as one.
  if (node.kind === ts.SyntaxKind.JsxText) return undefined;
  const text = sf.text;
  // Same-line comments after the previous token are its trailing trivia, the rest leading trivia
  // of this token; both start scanning at the end of the previous token.
  const ranges = [...(ts.getTrailingCommentRanges(text, node.pos) ?? []), ...(ts.getLeadingCommentRanges(text, node.pos) ?? [])];
  const comment = ranges.find((r) => r.pos <= offset && offset < r.end);
  return comment ? { comment, path } : undefined;
}

function nameOf(n: ts.Node): string | undefined {
  const name = (n as { name?: ts.Node }).name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return name.getText();
}

/** `class PaymentsController`, `method PaymentsController.charge`, `const loadSecrets`; undefined for non-declarations. */
function declarationLabel(n: ts.Node): string | undefined {
  const owner = () => {
    const cls = n.parent && (ts.isClassLike(n.parent) || ts.isInterfaceDeclaration(n.parent)) ? nameOf(n.parent) ?? '(anonymous)' : undefined;
    return cls ? `${cls}.` : '';
  };
  switch (n.kind) {
    case ts.SyntaxKind.ClassDeclaration:
    case ts.SyntaxKind.ClassExpression:
      return `class ${nameOf(n) ?? '(anonymous)'}`;
    case ts.SyntaxKind.FunctionDeclaration:
      return `function ${nameOf(n) ?? '(anonymous)'}`;
    case ts.SyntaxKind.InterfaceDeclaration:
      return `interface ${nameOf(n)}`;
    case ts.SyntaxKind.TypeAliasDeclaration:
      return `type ${nameOf(n)}`;
    case ts.SyntaxKind.EnumDeclaration:
      return `enum ${nameOf(n)}`;
    case ts.SyntaxKind.ModuleDeclaration:
      return `namespace ${nameOf(n)}`;
    case ts.SyntaxKind.MethodDeclaration:
      return `method ${owner()}${nameOf(n)}`;
    case ts.SyntaxKind.Constructor:
      return `constructor ${owner().slice(0, -1) || '(anonymous)'}`;
    case ts.SyntaxKind.GetAccessor:
      return `get ${owner()}${nameOf(n)}`;
    case ts.SyntaxKind.SetAccessor:
      return `set ${owner()}${nameOf(n)}`;
    case ts.SyntaxKind.PropertyDeclaration:
    case ts.SyntaxKind.PropertySignature:
      return `property ${owner()}${nameOf(n)}`;
    case ts.SyntaxKind.MethodSignature:
      return `method ${owner()}${nameOf(n)}`;
    case ts.SyntaxKind.PropertyAssignment:
    case ts.SyntaxKind.ShorthandPropertyAssignment:
      return `property ${nameOf(n)}`;
    case ts.SyntaxKind.VariableStatement: {
      const list = (n as ts.VariableStatement).declarationList;
      return declarationLabel(list.declarations[0]);
    }
    case ts.SyntaxKind.VariableDeclaration: {
      const list = n.parent as ts.VariableDeclarationList;
      // Locals are not declarations worth naming: a tag above `const x = ...` in a function body
      // belongs to the function.
      const statement = list.parent;
      if (!ts.isVariableStatement(statement) || !(ts.isSourceFile(statement.parent) || ts.isModuleBlock(statement.parent))) return undefined;
      const word = list.flags & ts.NodeFlags.Const ? 'const' : list.flags & ts.NodeFlags.Let ? 'let' : 'var';
      return `${word} ${nameOf(n)}`;
    }
    default:
      return undefined;
  }
}

/** The declaration a comment documents (outermost declaration starting at the token it precedes), else the innermost one around it. */
function declarationFor(sf: ts.SourceFile, comment: ts.CommentRange, path: ts.Node[]): { node?: ts.Node; label?: string; attached: boolean } {
  const token = path[path.length - 1];
  const tokenStart = token.getStart(sf);
  for (const n of path) {
    const label = declarationLabel(n);
    if (label && n.getStart(sf) === tokenStart && comment.end <= tokenStart) return { node: n, label, attached: true };
  }
  for (let i = path.length - 1; i >= 0; i--) {
    const n = path[i];
    const label = declarationLabel(n);
    if (label && n.getStart(sf) < comment.pos) return { node: n, label, attached: false };
  }
  return { attached: false };
}

/**
 * A file header: a comment before the first statement, with a blank line between it and the code
 * that follows. Its @element/@boundary cover the file even though the compiler would attach it,
 * as JSDoc, to the first declaration.
 */
function isFileHeader(sf: ts.SourceFile, comment: ts.CommentRange): boolean {
  const first = sf.statements[0];
  const codeStart = first ? first.getStart(sf) : sf.text.length;
  return comment.end <= codeStart && /\n[ \t\r]*\n/.test(sf.text.slice(comment.end, codeStart));
}

interface Scope {
  kind: 'element' | 'boundary';
  name: string;
  from: number;
  to: number;
}

function scanFile(sf: ts.SourceFile, file: string, out: Annotation[], diagnostics: Diagnostic[]): void {
  const text = sf.text;
  const span = (start: number, end: number): Span => {
    const a = sf.getLineAndCharacterOfPosition(start);
    const b = sf.getLineAndCharacterOfPosition(end);
    return { line: a.line + 1, column: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1, offset: start, endOffset: end };
  };
  const report = (p: TagProblem) =>
    diagnostics.push({ code: p.code, severity: 'warning', message: p.message, file, span: span(p.start, p.end), ...(p.hint ? { hint: p.hint } : {}) });

  const seen = new Set<number>();
  const found: Array<{ fields: TagFields; start: number; end: number; decl: ReturnType<typeof declarationFor> }> = [];
  const scopes: Scope[] = [];
  const candidates = /@(?:mitigat|expos|accept|boundar|element)/gi;
  for (let m = candidates.exec(text); m; m = candidates.exec(text)) {
    const at = commentAt(sf, m.index);
    if (!at || seen.has(at.comment.pos)) continue;
    seen.add(at.comment.pos);
    const commentText = text.slice(at.comment.pos, at.comment.end);
    const tags = tagsInComment(commentText, at.comment.pos);
    const decl = declarationFor(sf, at.comment, at.path);
    const fileWide = tags.some((t) => FILE_TAGS.has(t.name)) || isFileHeader(sf, at.comment);
    for (const tag of tags) {
      const kind = classifyTagName(tag.name);
      if (!kind) continue;
      if ('nearMiss' in kind) {
        report({
          code: TRACE_CODES.nearMissTag,
          message: `@${tag.name} is not a Warden tag and is ignored`,
          hint: `did you mean "@${kind.nearMiss}"?`,
          start: tag.start,
          end: tag.start + 1 + tag.name.length,
        });
        continue;
      }
      const parsed = parseTag({ ...tag, name: kind.ours });
      parsed.problems.forEach(report);
      if (!parsed.fields) continue;
      found.push({ fields: parsed.fields, start: tag.start, end: tag.end, decl });
      if ((kind.ours === 'element' || kind.ours === 'boundary') && parsed.fields.name) {
        // The scope: the documented declaration, else the declaration the comment sits in, else the file.
        // A documented declaration's scope starts at this comment (its full range would reach back
        // over earlier, unrelated comments); an enclosing one's at its first token.
        const owner = fileWide ? undefined : decl.node;
        const from = !owner ? 0 : decl.attached ? at.comment.pos : owner.getStart(sf);
        scopes.push({ kind: kind.ours, name: parsed.fields.name, from, to: owner ? owner.end : text.length });
      }
    }
  }

  const innermost = (kind: Scope['kind'], offset: number) => {
    let best: Scope | undefined;
    for (const s of scopes) {
      if (s.kind !== kind || offset < s.from || offset >= s.to) continue;
      if (!best || s.to - s.from < best.to - best.from || (s.to - s.from === best.to - best.from && s.from > best.from)) best = s;
    }
    return best?.name;
  };

  for (const { fields, start, end, decl } of found) {
    const element = innermost('element', start);
    const boundary = innermost('boundary', start);
    const sp = span(start, end);
    const { refStart, refEnd, tag, ...rest } = fields;
    const a: Annotation = {
      tag: tag as TraceTag,
      file,
      line: sp.line,
      column: sp.column,
      span: sp,
      ...(decl.label ? { declaration: decl.label } : {}),
      attached: decl.attached,
      ...rest,
      ...(refStart !== undefined && refEnd !== undefined && fields.ref ? { refSpan: span(refStart, refEnd) } : {}),
      scope: { ...(element ? { element } : {}), ...(boundary ? { boundary } : {}) },
    };
    if (a.ref?.kind === 'category' && a.ref.element === undefined && element) {
      const { category, rule, written } = a.ref;
      a.ref = { kind: 'category', element, category, ...(rule !== undefined ? { rule } : {}), elementFromScope: true, written };
    }
    if ((tag === 'element' || tag === 'boundary') && refStart !== undefined && refEnd !== undefined) a.refSpan = span(refStart, refEnd);
    out.push(a);
  }
}
