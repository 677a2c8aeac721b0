// Every name written in the loaded files, with what it means: a declaration (element, boundary,
// data, control, kind, threat rule, flow) or a reference to one. Built from the ASTs (syntax only)
// plus the kinds' attribute types, so `carries [CardData]` is a data reference and `trust high` is
// not a reference at all. Go to definition, find references, rename and hover all read this index.
import type { Span } from '../diagnostics/index.js';
import type * as A from '../dsl/ast.js';
import type { AttrType, ResolvedModel } from '../model/types.js';

export type SymbolKind = 'element' | 'boundary' | 'data' | 'control' | 'kind' | 'rule' | 'flow';

export interface NameSite {
  kind: SymbolKind;
  name: string;
  /** Absolute path of the file. */
  file: string;
  span: Span;
  declaration: boolean;
}

/** A file's AST as the index needs it. */
export interface IndexedFile {
  abs: string;
  ast: A.SourceFile;
  stdlib: boolean;
}

/** Attributes whose values name things, beyond what the kinds declare. */
const BUILTIN_REFS: Record<string, SymbolKind> = { controls: 'control' };

function refTarget(t: AttrType | undefined): SymbolKind | undefined {
  if (!t) return undefined;
  if (t.type === 'list') return refTarget(t.of);
  if (t.type === 'ref') return t.to;
  return undefined;
}

export class SymbolIndex {
  readonly sites: NameSite[] = [];

  constructor(
    files: readonly IndexedFile[],
    private readonly model: ResolvedModel | undefined,
  ) {
    for (const f of files) for (const s of f.ast.statements) this.statement(f.abs, s, undefined);
  }

  private add(kind: SymbolKind, id: A.Ident | undefined, file: string, declaration: boolean): void {
    if (id && id.name !== '') this.sites.push({ kind, name: id.name, file, span: id.span, declaration });
  }

  private statement(file: string, s: A.Statement | A.Attribute, boundaryKind: string | undefined): void {
    switch (s.kind) {
      case 'boundary':
        this.add('boundary', s.name, file, true);
        this.add('boundary', s.parent, file, false);
        for (const m of s.members) {
          // `workload Api` inside a boundary parses as an attribute; the checker reads it as an element.
          if (m.kind === 'attribute' && this.model?.kinds[m.name.name] && m.value.kind === 'ident') {
            this.add('kind', m.name, file, false);
            this.add('element', { name: m.value.name, span: m.value.span }, file, true);
          } else if (m.kind === 'attribute') this.attribute(file, m, undefined);
          else this.statement(file, m, boundaryKind);
        }
        return;
      case 'element':
        this.add('kind', s.kindName, file, false);
        this.add('element', s.name, file, true);
        this.add('boundary', s.parent, file, false);
        for (const a of s.attributes) this.attribute(file, a, s.kindName.name);
        return;
      case 'flow':
        this.add('flow', s.name, file, true);
        this.add('element', s.from, file, false);
        this.add('element', s.to, file, false);
        for (const a of s.attributes) this.attribute(file, a, 'flow');
        return;
      case 'data':
        this.add('data', s.name, file, true);
        return;
      case 'kind':
        this.add('kind', s.name, file, true);
        this.add('kind', s.extends, file, false);
        return;
      case 'control':
        this.add('control', s.name, file, true);
        return;
      case 'threat':
        this.add('rule', s.name, file, true);
        return;
      case 'mitigate':
      case 'accept':
      case 'notApplicable':
        if (s.target.kind === 'category') {
          // The target may be an element or a named flow: record it as what the name declares.
          this.add(this.isFlow(s.target.element.name) ? 'flow' : 'element', s.target.element, file, false);
          this.add('rule', s.target.rule, file, false);
        }
        if (s.kind === 'mitigate') this.add('control', s.control, file, false);
        return;
      case 'attribute':
        this.attribute(file, s, boundaryKind);
        return;
      default:
        return;
    }
  }

  private isFlow(name: string): boolean {
    return this.model?.flows.some((f) => f.id === name) ?? false;
  }

  private attribute(file: string, a: A.Attribute, kind: string | undefined): void {
    const target = BUILTIN_REFS[a.name.name] ?? refTarget(kind !== undefined ? this.model?.kinds[kind]?.attributes[a.name.name]?.valueType : undefined);
    if (target === undefined) return;
    const visit = (v: A.Value): void => {
      if (v.kind === 'ident') this.add(target, { name: v.name, span: v.span }, file, false);
      else if (v.kind === 'call') this.add(target, v.name, file, false);
      else if (v.kind === 'list') v.items.forEach(visit);
    };
    visit(a.value);
  }

  /** The name written at `offset` of `file`, if any. */
  at(file: string, offset: number): NameSite | undefined {
    return this.sites.find((s) => s.file === file && s.span.offset <= offset && offset <= s.span.endOffset);
  }

  /** The declaration of a name of a kind (the first one, as the checker keeps it). */
  declaration(kind: SymbolKind, name: string): NameSite | undefined {
    return this.sites.find((s) => s.declaration && s.kind === kind && s.name === name);
  }

  /** Every site of a name of a kind, declaration included, in file and source order. */
  occurrences(kind: SymbolKind, name: string): NameSite[] {
    return this.sites.filter((s) => s.kind === kind && s.name === name);
  }

  /** Declared names of a kind, without repeats, in declaration order. */
  names(kind: SymbolKind): string[] {
    return [...new Set(this.sites.filter((s) => s.declaration && s.kind === kind).map((s) => s.name))];
  }
}
