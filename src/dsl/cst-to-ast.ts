// CST -> AST. With grammar.ts, the only code that knows the grammar's shape. After error recovery
// the CST can lack tokens (or hold tokens invented by the parser, with no position): a node whose
// required parts are missing is dropped, since the parser already reported why.
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { Span } from '../diagnostics/index.js';
import type * as A from './ast.js';
import { unquote } from './strings.js';
import { joinSpans, lineIndexAt, lineStartTable, tokenSpan } from './span.js';

type Children = Record<string, CstElement[] | undefined>;

function isToken(e: CstElement): e is IToken {
  return (e as IToken).image !== undefined;
}

function real(t: IToken | undefined): IToken | undefined {
  return t && !t.isInsertedInRecovery && Number.isFinite(t.startOffset) ? t : undefined;
}

function tok(c: Children, key: string, i = 0): IToken | undefined {
  const e = c[key]?.[i];
  return e && isToken(e) ? real(e) : undefined;
}

function toks(c: Children, key: string): IToken[] {
  return (c[key] ?? []).filter(isToken).filter((t) => real(t) !== undefined);
}

function node(c: Children, key: string, i = 0): CstNode | undefined {
  const e = c[key]?.[i];
  return e && !isToken(e) ? e : undefined;
}

function nodes(c: Children, key: string): CstNode[] {
  return (c[key] ?? []).filter((e): e is CstNode => !isToken(e));
}

// Node spans come from chevrotain's offset-only location tracking (two numbers per node; full
// tracking's six made big models run out of memory) and a line-start table for line and column.
let lineStarts: readonly number[] = [0];

function nodeSpan(n: CstNode): Span | undefined {
  const l = n.location;
  if (!l || !Number.isFinite(l.startOffset) || !Number.isFinite(l.endOffset ?? NaN)) return undefined;
  const end = (l.endOffset as number) + 1;
  const li = lineIndexAt(lineStarts, l.startOffset);
  // The end position is that of the last character, plus one column (end-exclusive).
  const ei = lineIndexAt(lineStarts, end - 1);
  return { line: li + 1, column: l.startOffset - lineStarts[li] + 1, endLine: ei + 1, endColumn: end - lineStarts[ei] + 1, offset: l.startOffset, endOffset: end };
}

function ident(t: IToken | undefined): A.Ident | undefined {
  return t ? { name: t.image, span: tokenSpan(t) } : undefined;
}

function str(t: IToken | undefined): A.Str | undefined {
  return t ? { value: unquote(t.image), span: tokenSpan(t) } : undefined;
}

function block(c: Children): A.BlockRange | undefined {
  const open = tok(c, 'LCurly');
  const close = tok(c, 'RCurly');
  return open && close ? { open: open.startOffset, close: close.startOffset } : undefined;
}

export function fileToAst(root: CstNode, text: string): A.Statement[] {
  lineStarts = lineStartTable(text);
  const out: A.Statement[] = [];
  for (const s of nodes(root.children, 'statement')) {
    const st = statement(s);
    if (st) out.push(st);
  }
  return out;
}

function statement(n: CstNode): A.Statement | undefined {
  const c = n.children;
  const [key] = Object.keys(c);
  const inner = key ? node(c, key) : undefined;
  if (!inner) return undefined;
  switch (key) {
    case 'modelDecl':
      return modelDecl(inner);
    case 'useDecl':
      return useDecl(inner);
    case 'dataDecl':
      return dataDecl(inner);
    case 'boundaryDecl':
      return boundaryDecl(inner);
    case 'flowDecl':
      return flowDecl(inner);
    case 'kindDecl':
      return kindDecl(inner);
    case 'controlDecl':
      return controlDecl(inner);
    case 'threatDecl':
      return threatDecl(inner);
    case 'mitigateStmt':
      return mitigateStmt(inner);
    case 'acceptStmt':
      return acceptStmt(inner);
    case 'notApplicableStmt':
      return notApplicableStmt(inner);
    case 'waiveStmt':
      return waiveStmt(inner);
    case 'elementDecl':
      return elementDecl(inner);
  }
  return undefined;
}

function attrBlock(n: CstNode | undefined): { attributes: A.Attribute[]; block?: A.BlockRange } {
  if (!n) return { attributes: [] };
  return { attributes: nodes(n.children, 'attribute').flatMap((a) => attribute(a) ?? []), block: block(n.children) };
}

function modelDecl(n: CstNode): A.ModelDecl | undefined {
  const name = str(tok(n.children, 'StringLit'));
  const span = nodeSpan(n);
  if (!name || !span) return undefined;
  return { kind: 'model', name, ...attrBlock(node(n.children, 'block')), span };
}

function useDecl(n: CstNode): A.UseDecl | undefined {
  const path = str(tok(n.children, 'StringLit'));
  const span = nodeSpan(n);
  return path && span ? { kind: 'use', path, span } : undefined;
}

function dataDecl(n: CstNode): A.DataDecl | undefined {
  const c = n.children;
  const name = ident(tok(c, 'name'));
  const span = nodeSpan(n);
  if (!name || !span) return undefined;
  return { kind: 'data', name, title: str(tok(c, 'title')), ...attrBlock(node(c, 'block')), span };
}

function boundaryDecl(n: CstNode): A.BoundaryDecl | undefined {
  const c = n.children;
  const name = ident(tok(c, 'name'));
  const span = nodeSpan(n);
  if (!name || !span) return undefined;
  const members: A.BoundaryDecl['members'] = [];
  for (const m of nodes(c, 'boundaryMember')) {
    const [key] = Object.keys(m.children);
    const inner = key ? node(m.children, key) : undefined;
    if (!inner) continue;
    const v =
      key === 'boundaryDecl'
        ? boundaryDecl(inner)
        : key === 'flowDecl'
          ? flowDecl(inner)
          : key === 'dataDecl'
            ? dataDecl(inner)
            : key === 'elementDecl'
              ? elementDecl(inner)
              : key === 'attribute'
                ? attribute(inner)
                : undefined;
    if (v) members.push(v);
  }
  return { kind: 'boundary', name, title: str(tok(c, 'title')), parent: ident(tok(c, 'parent')), members, block: block(c), span };
}

function elementDecl(n: CstNode): A.ElementDecl | undefined {
  const c = n.children;
  const kindName = ident(tok(c, 'kindName'));
  const name = ident(tok(c, 'name'));
  const span = nodeSpan(n);
  if (!kindName || !name || !span) return undefined;
  return { kind: 'element', kindName, name, title: str(tok(c, 'title')), parent: ident(tok(c, 'parent')), ...attrBlock(node(c, 'block')), span };
}

function flowDecl(n: CstNode): A.FlowDecl | undefined {
  const c = n.children;
  const from = ident(tok(c, 'from'));
  const to = ident(tok(c, 'to'));
  const span = nodeSpan(n);
  if (!from || !to || !span) return undefined;
  return { kind: 'flow', name: ident(tok(c, 'name')), from, to, title: str(tok(c, 'title')), ...attrBlock(node(c, 'block')), span };
}

function attribute(n: CstNode): A.Attribute | undefined {
  const name = ident(tok(n.children, 'name'));
  const vn = node(n.children, 'value');
  const value = vn ? valueOf(vn) : undefined;
  const span = nodeSpan(n);
  if (!name || !value || !span) return undefined;
  return { kind: 'attribute', name, value, span };
}

function valueOf(n: CstNode): A.Value | undefined {
  const c = n.children;
  const [key] = Object.keys(c);
  if (!key) return undefined;
  if (key === 'list') {
    const l = node(c, 'list');
    const span = l && nodeSpan(l);
    if (!l || !span || !tok(l.children, 'RBracket')) return undefined;
    const items = nodes(l.children, 'value').map(valueOf);
    if (items.some((i) => i === undefined)) return undefined;
    return { kind: 'list', items: items as A.Value[], span };
  }
  if (key === 'identOrCall') {
    const ic = node(c, 'identOrCall');
    const t = ic && tok(ic.children, 'Identifier');
    if (!ic || !t) return undefined;
    if (!ic.children.LParen) return { kind: 'ident', name: t.image, span: tokenSpan(t) };
    const span = nodeSpan(ic);
    if (!span || !tok(ic.children, 'RParen')) return undefined;
    const args = nodes(ic.children, 'value').map(valueOf);
    if (args.some((a) => a === undefined)) return undefined;
    return { kind: 'call', name: ident(t)!, args: args as A.Value[], span };
  }
  const t = tok(c, key);
  return t ? literal(t) : undefined;
}

function literal(t: IToken): A.Value | undefined {
  const span = tokenSpan(t);
  switch (t.tokenType.name) {
    case 'StringLit':
      return { kind: 'string', value: unquote(t.image), span };
    case 'NumberLit':
      return { kind: 'number', value: Number(t.image), raw: t.image, span };
    case 'DateLit':
      return { kind: 'date', value: t.image, span };
    case 'ThreatId':
      return { kind: 'threatId', value: t.image, span };
    case 'Kw_true':
      return { kind: 'bool', value: true, span };
    case 'Kw_false':
      return { kind: 'bool', value: false, span };
  }
  return undefined;
}

function kindDecl(n: CstNode): A.KindDecl | undefined {
  const c = n.children;
  const name = ident(tok(c, 'name'));
  const span = nodeSpan(n);
  const b = block(c);
  if (!name || !span || !b) return undefined;
  const items: A.KindDecl['items'] = [];
  for (const it of nodes(c, 'kindItem')) {
    const ic = it.children;
    const s = nodeSpan(it);
    if (ic.Kw_requires) {
      if (s && tok(ic, 'Kw_boundary')) items.push({ kind: 'requiresBoundary', span: s });
      continue;
    }
    const ad = node(ic, 'attrDecl');
    if (ad) {
      const d = attrDecl(ad);
      if (d) items.push(d);
      continue;
    }
    const a = node(ic, 'attribute');
    const attr = a && attribute(a);
    if (attr) items.push(attr);
  }
  return { kind: 'kind', name, extends: ident(tok(c, 'parent')), items, block: b, span };
}

function attrDecl(n: CstNode): A.AttrDecl | undefined {
  const c = n.children;
  const name = ident(tok(c, 'name'));
  const tn = node(c, 'typeExpr');
  const type = tn && typeExpr(tn);
  const span = nodeSpan(n);
  if (!name || !type || !span) return undefined;
  const vn = node(c, 'value');
  const def = vn ? valueOf(vn) : undefined;
  if (vn && !def) return undefined;
  return { kind: 'attrDecl', required: tok(c, 'Kw_required') !== undefined, name, type, default: def, span };
}

function typeExpr(n: CstNode): A.TypeExpr | undefined {
  const c = n.children;
  const name = ident(tok(c, 'name'));
  const span = nodeSpan(n);
  if (!name || !span) return undefined;
  if (c.LParen) {
    if (!tok(c, 'RParen')) return undefined;
    return { name, members: toks(c, 'member').map((t) => ident(t)!), span };
  }
  if (c.Lt) {
    const inner = node(c, 'typeExpr');
    const of = inner && typeExpr(inner);
    if (!of || !tok(c, 'Gt')) return undefined;
    return { name, of, span };
  }
  return { name, span };
}

function controlDecl(n: CstNode): A.ControlDecl | undefined {
  const c = n.children;
  const name = ident(tok(c, 'name'));
  const span = nodeSpan(n);
  const b = block(c);
  if (!name || !span || !b) return undefined;
  const items: A.ControlDecl['items'] = [];
  // Params and attributes interleave; restore source order from their offsets.
  for (const p of nodes(c, 'paramDecl')) {
    const pc = p.children;
    const pname = ident(tok(pc, 'name'));
    const tn = node(pc, 'typeExpr');
    const type = tn && typeExpr(tn);
    const ps = nodeSpan(p);
    const vn = node(pc, 'value');
    const def = vn ? valueOf(vn) : undefined;
    if (pname && type && ps && !(vn && !def)) items.push({ kind: 'paramDecl', required: tok(pc, 'Kw_required') !== undefined, name: pname, type, default: def, span: ps });
  }
  for (const a of nodes(c, 'attribute')) {
    const attr = attribute(a);
    if (attr) items.push(attr);
  }
  items.sort((x, y) => x.span.offset - y.span.offset);
  return { kind: 'control', name, title: str(tok(c, 'title')), items, block: b, span };
}

function threatDecl(n: CstNode): A.ThreatDecl | undefined {
  const c = n.children;
  const name = ident(tok(c, 'name'));
  const span = nodeSpan(n);
  const b = block(c);
  if (!name || !span || !b) return undefined;
  const items: A.ThreatDecl['items'] = [];
  for (const w of nodes(c, 'whenClause')) {
    const e = node(w.children, 'orExpr');
    const cond = e && condOf(e);
    const ws = nodeSpan(w);
    if (cond && ws) items.push({ kind: 'when', cond, span: ws });
  }
  for (const a of nodes(c, 'attribute')) {
    const attr = attribute(a);
    if (attr) items.push(attr);
  }
  items.sort((x, y) => x.span.offset - y.span.offset);
  return { kind: 'threat', name, title: str(tok(c, 'title')), items, block: b, span };
}

/** Any condition rule (orExpr, andExpr, notExpr, compareExpr, primary) to a Cond. */
function condOf(n: CstNode): A.Cond | undefined {
  const c = n.children;
  const span = nodeSpan(n);
  if (!span) return undefined;
  switch (n.name) {
    case 'orExpr':
    case 'andExpr': {
      const parts = nodes(c, n.name === 'orExpr' ? 'andExpr' : 'notExpr').map(condOf);
      if (parts.length === 0 || parts.some((p) => !p)) return undefined;
      return parts.length === 1 ? parts[0] : { kind: n.name === 'orExpr' ? 'or' : 'and', args: parts as A.Cond[], span };
    }
    case 'notExpr': {
      const inner = node(c, 'notExpr');
      if (inner) {
        const arg = condOf(inner);
        return arg ? { kind: 'not', arg, span } : undefined;
      }
      const cmp = node(c, 'compareExpr');
      return cmp ? condOf(cmp) : undefined;
    }
    case 'compareExpr': {
      const ln = node(c, 'left');
      const left = ln && condOf(ln);
      if (!left) return undefined;
      const opTok = tok(c, 'op');
      if (!c.op) return left;
      const rn = node(c, 'right');
      const right = rn && condOf(rn);
      if (!opTok || !right) return undefined;
      const op = opTok.image as '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in';
      return { kind: 'compare', op, left, right, span };
    }
    case 'primary': {
      const e = node(c, 'orExpr');
      if (e) {
        const inner = condOf(e);
        return inner && tok(c, 'RParen') ? { kind: 'paren', inner, span } : undefined;
      }
      const l = node(c, 'condList');
      if (l) {
        if (!tok(l.children, 'RBracket')) return undefined;
        const items = nodes(l.children, 'orExpr').map(condOf);
        if (items.some((i) => !i)) return undefined;
        return { kind: 'list', items: items as A.Cond[], span };
      }
      const pc = node(c, 'pathOrCall');
      if (pc) return pathOrCall(pc);
      const [key] = Object.keys(c);
      const t = key ? tok(c, key) : undefined;
      const v = t && literal(t);
      return v ? { kind: 'literal', value: v, span } : undefined;
    }
  }
  return undefined;
}

function pathOrCall(n: CstNode): A.Cond | undefined {
  const c = n.children;
  const span = nodeSpan(n);
  const segs = toks(c, 'segment').map((t) => ident(t)!);
  if (!span || segs.length === 0 || segs.length !== (c.segment?.length ?? 0)) return undefined;
  if (c.LParen) {
    if (!tok(c, 'RParen')) return undefined;
    const args = nodes(c, 'orExpr').map(condOf);
    if (args.some((a) => !a)) return undefined;
    // A dotted call name (`a.b(x)`) is kept whole; the threat engine reports unknown functions.
    const name = { name: segs.map((s) => s.name).join('.'), span: joinSpans(segs[0].span, segs[segs.length - 1].span) };
    return { kind: 'call', name, args: args as A.Cond[], span };
  }
  return { kind: 'path', path: segs, span };
}

function threatRef(n: CstNode | undefined): A.ThreatRefNode | undefined {
  if (!n) return undefined;
  const c = n.children;
  const span = nodeSpan(n);
  if (!span) return undefined;
  const id = tok(c, 'ThreatId');
  if (id) return { kind: 'id', id: id.image, span };
  const element = ident(tok(c, 'element'));
  const category = ident(tok(c, 'category'));
  if (!element || !category) return undefined;
  if (c.rule && !tok(c, 'rule')) return undefined;
  return { kind: 'category', element, category, rule: ident(tok(c, 'rule')), span };
}

function mitigateStmt(n: CstNode): A.MitigateStmt | undefined {
  const c = n.children;
  const target = threatRef(node(c, 'threatRef'));
  const span = nodeSpan(n);
  if (!target || !span) return undefined;
  if (c.Kw_by && !tok(c, 'control')) return undefined;
  return { kind: 'mitigate', target, control: ident(tok(c, 'control')), text: str(tok(c, 'text')), span };
}

function acceptStmt(n: CstNode): A.AcceptStmt | undefined {
  const c = n.children;
  const target = threatRef(node(c, 'threatRef'));
  const owner = str(tok(c, 'owner'));
  const untilTok = tok(c, 'until');
  const reason = str(tok(c, 'reason'));
  const span = nodeSpan(n);
  if (!target || !owner || !untilTok || !reason || !span) return undefined;
  return { kind: 'accept', target, owner, until: { value: untilTok.image, span: tokenSpan(untilTok) }, reason, span };
}

function notApplicableStmt(n: CstNode): A.NotApplicableStmt | undefined {
  const c = n.children;
  const target = threatRef(node(c, 'threatRef'));
  const reason = str(tok(c, 'reason'));
  const span = nodeSpan(n);
  if (!target || !reason || !span) return undefined;
  return { kind: 'notApplicable', target, reason, span };
}

function waiveStmt(n: CstNode): A.WaiveStmt | undefined {
  const c = n.children;
  const check = str(tok(c, 'check'));
  const resource = str(tok(c, 'resource'));
  const owner = str(tok(c, 'owner'));
  const untilTok = tok(c, 'until');
  const reason = str(tok(c, 'reason'));
  const span = nodeSpan(n);
  if (!check || !resource || !owner || !untilTok || !reason || !span) return undefined;
  return { kind: 'waive', check, resource, owner, until: { value: untilTok.image, span: tokenSpan(untilTok) }, reason, span };
}
