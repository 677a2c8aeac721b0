// The canonical formatter: AST + comments -> text. Deterministic and idempotent
// (format(format(x)) === format(x)); every comment is kept.
//
// Layout rules:
//   - two-space indentation; one statement or attribute per line inside multi-line blocks;
//   - an attribute block stays on one line (`{ protocol https  authn oidc }`, attributes two spaces
//     apart) when it has no comments or nested statements and the line fits in 120 columns;
//   - a list too long for its line is filled over indented lines between `[` and `]`;
//   - kind, control and threat blocks are always multi-line; empty attribute blocks are dropped,
//     except on an element inside a boundary with neither title nor `in` (`s a {}`): without its
//     block it would read back as an attribute;
//   - one blank line is kept where the source had one or more between two items;
//   - comments stay in place: before the item they precede, or at the end of the line they ended;
//     a comment written inside a statement's header is moved just above the statement.
// A file with syntax errors is returned unchanged, with the diagnostics.
import { hasErrors, type Result } from '../diagnostics/index.js';
import type * as A from './ast.js';
import { quote } from './strings.js';
import { parseSource } from './parser.js';

const MAX_WIDTH = 120;
const INDENT = '  ';

type Item = A.Statement | A.Attribute | A.AttrDecl | A.RequiresBoundary | A.ParamDecl | A.WhenClause;

export function formatSource(text: string, file = '<input>'): Result<string> {
  const parsed = parseSource(file, text);
  if (hasErrors(parsed.diagnostics)) return { value: text, diagnostics: parsed.diagnostics };
  const p = new Printer(parsed.value.comments);
  p.list(parsed.value.statements, '', Number.POSITIVE_INFINITY);
  return { value: p.result(), diagnostics: parsed.diagnostics };
}

class Printer {
  private out: string[] = [];
  private ci = 0;

  constructor(private comments: A.Comment[]) {}

  result(): string {
    while (this.out.length > 0 && this.out[this.out.length - 1] === '') this.out.pop();
    return this.out.length === 0 ? '' : this.out.join('\n') + '\n';
  }

  private commentText(c: A.Comment): string {
    return c.text.startsWith('//') ? c.text.replace(/\s+$/, '') : c.text;
  }

  private hasCommentIn(from: number, to: number): boolean {
    for (let i = this.ci; i < this.comments.length; i++) {
      const o = this.comments[i].span.offset;
      if (o >= to) return false;
      if (o > from) return true;
    }
    return false;
  }

  /** Prints items at `indent`, with the comments that fall before `end` (a block's closing brace). */
  list(items: readonly Item[], indent: string, end: number): void {
    let prevLine: number | undefined;
    const blank = (line: number) => {
      if (prevLine !== undefined && line > prevLine + 1) this.out.push('');
    };
    for (const item of items) {
      const headerEnd = 'block' in item && item.block ? item.block.open : item.span.endOffset;
      while (this.ci < this.comments.length && this.comments[this.ci].span.offset < headerEnd) {
        const c = this.comments[this.ci++];
        blank(c.span.line);
        this.out.push(indent + this.commentText(c));
        prevLine = c.span.endLine;
      }
      blank(item.span.line);
      this.item(item, indent);
      prevLine = item.span.endLine;
      const next = this.comments[this.ci];
      if (next && next.span.line === item.span.endLine && next.span.offset >= item.span.endOffset && next.span.offset < end) {
        this.out[this.out.length - 1] += ' ' + this.commentText(next);
        prevLine = next.span.endLine;
        this.ci++;
      }
    }
    while (this.ci < this.comments.length && this.comments[this.ci].span.offset < end) {
      const c = this.comments[this.ci++];
      blank(c.span.line);
      this.out.push(indent + this.commentText(c));
      prevLine = c.span.endLine;
    }
  }

  private item(it: Item, indent: string): void {
    switch (it.kind) {
      case 'attribute': {
        const line = `${indent}${it.name.name} ${value(it.value)}`;
        if (line.length <= MAX_WIDTH || it.value.kind !== 'list' || it.value.items.length < 2) this.out.push(line);
        else {
          this.out.push(`${indent}${it.name.name} [`);
          this.out.push(...fill(it.value.items.map(value), indent + INDENT));
          this.out.push(`${indent}]`);
        }
        return;
      }
      case 'attrDecl':
        this.out.push(`${indent}${it.required ? 'required ' : ''}attr ${it.name.name}: ${typeText(it.type)}${it.default ? ` = ${value(it.default)}` : ''}`);
        return;
      case 'paramDecl':
        this.out.push(`${indent}${it.required ? 'required ' : ''}param ${it.name.name}: ${typeText(it.type)}${it.default ? ` = ${value(it.default)}` : ''}`);
        return;
      case 'requiresBoundary':
        this.out.push(`${indent}requires boundary`);
        return;
      case 'when':
        this.out.push(`${indent}when ${cond(it.cond, 0)}`);
        return;
      case 'model':
        return this.withAttributes(`model ${quote(it.name.value)}`, it.attributes, it.block, indent);
      case 'use':
        this.out.push(`${indent}use ${quote(it.path.value)}`);
        return;
      case 'data':
        return this.withAttributes(`data ${it.name.name}${title(it.title)}`, it.attributes, it.block, indent);
      case 'element': {
        const header = `${it.kindName.name} ${it.name.name}${title(it.title)}${it.parent ? ` in ${it.parent.name}` : ''}`;
        // Inside a boundary, `kind Name` alone reads as an attribute (`trust high`): an element there
        // needs a title, `in` or a block, so its empty block is kept as `{}`.
        if (indent !== '' && !it.title && !it.parent && it.attributes.length === 0 && !(it.block && this.hasCommentIn(it.block.open, it.block.close))) {
          this.out.push(`${indent}${header} {}`);
          return;
        }
        return this.withAttributes(header, it.attributes, it.block, indent);
      }
      case 'flow':
        return this.withAttributes(`flow ${it.name ? `${it.name.name}: ` : ''}${it.from.name} -> ${it.to.name}${title(it.title)}`, it.attributes, it.block, indent);
      case 'boundary': {
        const header = `boundary ${it.name.name}${title(it.title)}${it.parent ? ` in ${it.parent.name}` : ''}`;
        if (it.members.every((m) => m.kind === 'attribute')) return this.withAttributes(header, it.members as A.Attribute[], it.block, indent);
        return this.multiLine(header, it.members, it.block!, indent);
      }
      case 'kind':
        return this.multiLine(`kind ${it.name.name}${it.extends ? ` extends ${it.extends.name}` : ''}`, it.items, it.block, indent);
      case 'control':
        return this.multiLine(`control ${it.name.name}${title(it.title)}`, it.items, it.block, indent);
      case 'threat':
        return this.multiLine(`threat ${it.name.name}${title(it.title)}`, it.items, it.block, indent);
      case 'mitigate':
        this.out.push(`${indent}mitigate ${threatRef(it.target)}${it.control ? ` by ${it.control.name}` : ''}${it.text ? ` ${quote(it.text.value)}` : ''}`);
        return;
      case 'accept':
        this.out.push(`${indent}accept ${threatRef(it.target)} owner ${quote(it.owner.value)} until ${it.until.value} because ${quote(it.reason.value)}`);
        return;
      case 'notApplicable':
        this.out.push(`${indent}notApplicable ${threatRef(it.target)} because ${quote(it.reason.value)}`);
        return;
      case 'waive':
        this.out.push(
          `${indent}waive ${quote(it.check.value)} for ${quote(it.resource.value)} owner ${quote(it.owner.value)} until ${it.until.value} because ${quote(it.reason.value)}`,
        );
        return;
    }
  }

  private withAttributes(header: string, attrs: readonly A.Attribute[], block: A.BlockRange | undefined, indent: string): void {
    const commented = block !== undefined && this.hasCommentIn(block.open, block.close);
    if (!block || (attrs.length === 0 && !commented)) {
      this.out.push(indent + header);
      return;
    }
    if (!commented) {
      const line = `${indent}${header} { ${attrs.map((a) => `${a.name.name} ${value(a.value)}`).join('  ')} }`;
      if (line.length <= MAX_WIDTH) {
        this.out.push(line);
        return;
      }
    }
    this.multiLine(header, attrs, block, indent);
  }

  private multiLine(header: string, items: readonly Item[], block: A.BlockRange, indent: string): void {
    this.out.push(`${indent}${header} {`);
    this.list(items, indent + INDENT, block.close);
    this.out.push(`${indent}}`);
  }
}

/** Items separated by ", ", as many per line as fit (a trailing comma ends each full line). */
function fill(items: string[], indent: string): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const item of items) {
    if (cur === '') cur = indent + item;
    else if (cur.length + 2 + item.length + 1 <= MAX_WIDTH) cur += ', ' + item;
    else {
      lines.push(cur + ',');
      cur = indent + item;
    }
  }
  if (cur) lines.push(cur);
  return lines;
}

function title(t: A.Str | undefined): string {
  return t ? ` ${quote(t.value)}` : '';
}

export function value(v: A.Value): string {
  switch (v.kind) {
    case 'string':
      return quote(v.value);
    case 'number':
      return v.raw;
    case 'bool':
      return String(v.value);
    case 'date':
    case 'threatId':
      return v.value;
    case 'ident':
      return v.name;
    case 'call':
      return `${v.name.name}(${v.args.map(value).join(', ')})`;
    case 'list':
      return `[${v.items.map(value).join(', ')}]`;
  }
}

function typeText(t: A.TypeExpr): string {
  if (t.members) return `${t.name.name}(${t.members.map((m) => m.name).join(', ')})`;
  if (t.of) return `${t.name.name}<${typeText(t.of)}>`;
  return t.name.name;
}

function threatRef(t: A.ThreatRefNode): string {
  return t.kind === 'id' ? t.id : `${t.element.name}.${t.category.name}${t.rule ? `.${t.rule.name}` : ''}`;
}

/** Binding strength: or < and < not < comparison < primary. */
const PREC = { or: 1, and: 2, not: 3, compare: 4 } as const;

function cond(c: A.Cond, parent: number): string {
  const wrap = (s: string, prec: number) => (prec < parent ? `(${s})` : s);
  switch (c.kind) {
    case 'paren':
      return cond(c.inner, parent);
    case 'or':
    case 'and':
      return wrap(c.args.map((a) => cond(a, PREC[c.kind])).join(` ${c.kind} `), PREC[c.kind]);
    case 'not':
      return wrap(`not ${cond(c.arg, PREC.not)}`, PREC.not);
    case 'compare':
      return wrap(`${cond(c.left, 5)} ${c.op} ${cond(c.right, 5)}`, PREC.compare);
    case 'path':
      return c.path.map((p) => p.name).join('.');
    case 'call':
      return `${c.name.name}(${c.args.map((a) => cond(a, 0)).join(', ')})`;
    case 'list':
      return `[${c.items.map((i) => cond(i, 0)).join(', ')}]`;
    case 'literal':
      return value(c.value);
  }
}
