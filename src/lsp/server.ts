// The language server: vscode-languageserver over a pair of streams (stdio for `warden lsp`).
// Every request analyses the document's current text (cached per version), so answers always match
// what is on screen; diagnostics are the front end's own, converted at the edge (convert.ts).
import { dirname } from 'node:path';
import {
  CompletionItemKind,
  createConnection,
  DocumentSymbol,
  ErrorCodes,
  Location,
  MarkupKind,
  ProposedFeatures,
  ResponseError,
  SymbolKind as LspSymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
  TextEdit,
  type CompletionItem,
  type Connection,
  type WorkspaceEdit,
} from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatSource } from '../dsl/index.js';
import { escapeMarkdown } from '../text/escape.js';
import type * as A from '../dsl/ast.js';
import { analyze, type Analysis } from './analysis.js';
import { attributeAt, complete, type ItemKind } from './completion.js';
import { fileOf, rangeOf, toLspDiagnostic, uriOf } from './convert.js';
import { code, hoverFor } from './hover.js';
import type { SymbolKind } from './symbols.js';

const ITEM_KINDS: Record<ItemKind, CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  kind: CompletionItemKind.Class,
  attribute: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  element: CompletionItemKind.Variable,
  boundary: CompletionItemKind.Module,
  data: CompletionItemKind.Constant,
  control: CompletionItemKind.Function,
  flow: CompletionItemKind.Event,
  category: CompletionItemKind.EnumMember,
};

/** Names that rename accepts: what the lexer reads as one identifier. */
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RENAMABLE: SymbolKind[] = ['element', 'boundary', 'data', 'flow'];

export class WardenLanguageServer {
  readonly documents = new TextDocuments(TextDocument);
  private cache = new Map<string, { version: number; analysis: Analysis }>();

  constructor(readonly connection: Connection) {}

  /** The analysis of an open document at its current version. */
  analysis(uri: string): Analysis | undefined {
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    const hit = this.cache.get(uri);
    if (hit && hit.version === doc.version) return hit.analysis;
    const open = new Map(this.documents.all().map((d) => [fileOf(d.uri), d]));
    const analysis = analyze(fileOf(uri), doc.getText(), (abs) => open.get(abs)?.getText());
    this.cache.set(uri, { version: doc.version, analysis });
    return analysis;
  }

  /** Publishes the diagnostics of one document (what happens on every keystroke). */
  validate(uri: string): void {
    const analysis = this.analysis(uri);
    if (!analysis) return;
    const version = this.documents.get(uri)?.version;
    void this.connection.sendDiagnostics({ uri, version, diagnostics: analysis.diagnostics.map((d) => toLspDiagnostic(d, dirname(analysis.file))) });
  }

  listen(): void {
    const c = this.connection;
    c.onInitialize(() => ({
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: [' ', '.', '[', ','] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        documentFormattingProvider: true,
      },
      serverInfo: { name: 'warden' },
    }));
    this.documents.onDidChangeContent((e) => {
      this.validate(e.document.uri);
      this.refreshOthers(e.document.uri);
    });
    // An import changed on disk (the client watches **/*.warden): every open analysis may be stale.
    c.onDidChangeWatchedFiles(() => this.refreshOthers(undefined));
    this.documents.onDidClose((e) => {
      this.cache.delete(e.document.uri);
      void c.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    });
    c.onCompletion((p) => this.completion(p.textDocument.uri, p.position));
    c.onHover((p) => {
      const found = this.siteAt(p.textDocument.uri, p.position);
      const text = found && hoverFor(found.analysis, found.site);
      if (text && found) return { contents: { kind: MarkupKind.Markdown, value: text }, range: rangeOf(found.site.span) };
      return this.attributeHover(p.textDocument.uri, p.position);
    });
    c.onDefinition((p) => {
      const found = this.siteAt(p.textDocument.uri, p.position);
      const decl = found && found.analysis.symbols.declaration(found.site.kind, found.site.name);
      return decl ? Location.create(uriOf(decl.file), rangeOf(decl.span)) : null;
    });
    c.onReferences((p) => {
      const found = this.siteAt(p.textDocument.uri, p.position);
      if (!found) return [];
      return found.analysis.symbols
        .occurrences(found.site.kind, found.site.name)
        .filter((s) => p.context.includeDeclaration || !s.declaration)
        .map((s) => Location.create(uriOf(s.file), rangeOf(s.span)));
    });
    c.onPrepareRename((p) => {
      const found = this.siteAt(p.textDocument.uri, p.position);
      if (!found || !RENAMABLE.includes(found.site.kind)) return null;
      const decl = found.analysis.symbols.declaration(found.site.kind, found.site.name);
      if (!decl || found.analysis.files.get(decl.file)?.stdlib) return null;
      return { range: rangeOf(found.site.span), placeholder: found.site.name };
    });
    c.onRenameRequest((p) => this.rename(p.textDocument.uri, p.position, p.newName));
    c.onDocumentSymbol((p) => {
      const analysis = this.analysis(p.textDocument.uri);
      const ast = analysis?.files.get(analysis.file)?.ast;
      return ast ? ast.statements.flatMap((s) => documentSymbols(s)) : [];
    });
    c.onDocumentFormatting((p) => {
      const doc = this.documents.get(p.textDocument.uri);
      if (!doc) return [];
      const formatted = formatSource(doc.getText(), fileOf(doc.uri));
      // A file with syntax errors is left alone: the formatter returns it unchanged.
      if (formatted.value === doc.getText()) return [];
      return [TextEdit.replace({ start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) }, formatted.value)];
    });
    this.documents.listen(c);
    c.listen();
  }

  private refreshTimer: NodeJS.Timeout | undefined;

  /**
   * Re-analyses the open documents other than `changed` a moment later: one of them may import the
   * changed text. Deferred so a burst of keystrokes in one file costs one pass over the others.
   */
  private refreshOthers(changed: string | undefined): void {
    if (this.documents.all().length < (changed === undefined ? 1 : 2)) return;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      for (const d of this.documents.all()) {
        if (d.uri === changed) continue;
        this.cache.delete(d.uri);
        this.validate(d.uri);
      }
    }, 150);
  }

  private siteAt(uri: string, position: { line: number; character: number }) {
    const doc = this.documents.get(uri);
    const analysis = this.analysis(uri);
    if (!doc || !analysis) return undefined;
    const site = analysis.symbols.at(analysis.file, doc.offsetAt(position));
    return site ? { analysis, site } : undefined;
  }

  /** Hover on an attribute name: its type (and documentation) as the block's kind declares it. */
  private attributeHover(uri: string, position: { line: number; character: number }) {
    const doc = this.documents.get(uri);
    const analysis = this.analysis(uri);
    const attr = doc && analysis && attributeAt(analysis, doc.offsetAt(position));
    if (!doc || !attr) return null;
    const value = `${code(attr.name)}: ${code(attr.type)}${attr.doc ? `\n\n${escapeMarkdown(attr.doc)}` : ''}`;
    return { contents: { kind: MarkupKind.Markdown, value }, range: { start: doc.positionAt(attr.start), end: doc.positionAt(attr.end) } };
  }

  private completion(uri: string, position: { line: number; character: number }): CompletionItem[] {
    const doc = this.documents.get(uri);
    const analysis = this.analysis(uri);
    if (!doc || !analysis) return [];
    return complete(analysis, doc.offsetAt(position)).map((c) => ({
      label: c.label,
      kind: ITEM_KINDS[c.kind],
      ...(c.detail ? { detail: c.detail } : {}),
      ...(c.documentation ? { documentation: c.documentation } : {}),
    }));
  }

  private rename(uri: string, position: { line: number; character: number }, newName: string): WorkspaceEdit | ResponseError<void> | null {
    const found = this.siteAt(uri, position);
    if (!found || !RENAMABLE.includes(found.site.kind)) return null;
    const { analysis, site } = found;
    const refuse = (message: string) => new ResponseError<void>(ErrorCodes.InvalidParams, message);
    if (!IDENT.test(newName)) return refuse(`"${newName}" is not a name: use letters, digits and _ (not starting with a digit)`);
    if (analysis.symbols.declaration(site.kind, newName)) return refuse(`a ${site.kind} named "${newName}" already exists`);
    const decl = analysis.symbols.declaration(site.kind, site.name);
    if (decl && analysis.files.get(decl.file)?.stdlib) return refuse(`"${site.name}" is declared in the standard library and cannot be renamed`);
    const changes: Record<string, TextEdit[]> = {};
    for (const s of analysis.symbols.occurrences(site.kind, site.name)) {
      if (analysis.files.get(s.file)?.stdlib) continue;
      (changes[uriOf(s.file)] ??= []).push(TextEdit.replace(rangeOf(s.span), newName));
    }
    return { changes };
  }
}

/** The outline of one statement: boundaries hold what is nested in them. */
function documentSymbols(s: A.Statement | A.Attribute): DocumentSymbol[] {
  const sym = (name: string, detail: string, kind: LspSymbolKind, span: A.Ident['span'], sel: A.Ident['span'], children: DocumentSymbol[] = []): DocumentSymbol =>
    DocumentSymbol.create(name || '(unnamed)', detail, kind, rangeOf(span), rangeOf(sel), children);
  switch (s.kind) {
    case 'model':
      return [sym(s.name.value, 'model', LspSymbolKind.File, s.span, s.name.span)];
    case 'boundary':
      return [sym(s.name.name, s.title?.value ?? 'boundary', LspSymbolKind.Namespace, s.span, s.name.span, s.members.flatMap((m) => documentSymbols(m)))];
    case 'element':
      return [sym(s.name.name, `${s.kindName.name}${s.title ? ' \u00b7 ' + s.title.value : ''}`, LspSymbolKind.Object, s.span, s.name.span)];
    case 'flow':
      return [sym(s.name?.name ?? `${s.from.name} -> ${s.to.name}`, s.title?.value ?? 'flow', LspSymbolKind.Event, s.span, (s.name ?? s.from).span)];
    case 'data':
      return [sym(s.name.name, s.title?.value ?? 'data', LspSymbolKind.Constant, s.span, s.name.span)];
    case 'kind':
      return [sym(s.name.name, s.extends ? `kind extends ${s.extends.name}` : 'kind', LspSymbolKind.Class, s.span, s.name.span)];
    case 'control':
      return [sym(s.name.name, s.title?.value ?? 'control', LspSymbolKind.Function, s.span, s.name.span)];
    case 'threat':
      return [sym(s.name.name, s.title?.value ?? 'threat rule', LspSymbolKind.Interface, s.span, s.name.span)];
    default:
      return [];
  }
}

/** Runs a server over the given streams (stdio when omitted) until the client exits. */
export function startLanguageServer(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): WardenLanguageServer {
  const connection = createConnection(ProposedFeatures.all, input, output);
  const server = new WardenLanguageServer(connection);
  server.listen();
  return server;
}
