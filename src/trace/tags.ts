// The tag grammar (docs/trace.md), on comment text alone: no ts-morph here, so it is testable on
// strings. Offsets are file offsets: the caller passes where the comment starts.
import { didYouMean, editDistance } from '../diagnostics/index.js';
import { SEVERITIES, STRIDE, type Severity, type StrideCategory } from '../model/types.js';
import { TRACE_CODES } from './codes.js';
import { TRACE_TAGS, type TraceRef, type TraceTag } from './types.js';

/** One whitespace-separated word of a tag's text; `{@link X}` and `"quoted text"` are one word each. */
export interface BodyToken {
  /** The word's value: a link's target, a string's contents (escapes undone), else the word. */
  value: string;
  start: number;
  end: number;
  quoted: boolean;
}

/** A `@name ...` tag found in a comment, with its text split into words. */
export interface CommentTag {
  name: string;
  /** Offset of the `@`. */
  start: number;
  /** Offset just past the tag's last word (or its name when it has none). */
  end: number;
  tokens: BodyToken[];
}

/** A problem with one tag, by offsets; the scanner turns it into a Diagnostic with file and span. */
export interface TagProblem {
  code: string;
  message: string;
  hint?: string;
  start: number;
  end: number;
}

/** What a tag says, once its text is parsed (before any model is consulted). */
export interface TagFields {
  tag: TraceTag;
  text: string;
  ref?: TraceRef;
  refStart?: number;
  refEnd?: number;
  name?: string;
  control?: string;
  note?: string;
  severity?: Severity;
  owner?: string;
  until?: string;
  reason?: string;
}

// Cheap pre-filter: files without any of these strings are not parsed at all.
export const TAG_PATTERN = /@(?:mitigat|expos|accept|boundar|element)/i;

// Standard JSDoc / TSDoc tags that must never be reported as near misses of ours (`@access` is two
// edits from `@accepts`).
const KNOWN_JSDOC_TAGS = new Set(
  (
    'abstract access alias alpha async augments author beta borrows callback class classdesc const constant constructs ' +
    'copyright default defaultValue deprecated description emits enum event eventProperty example experimental exports ' +
    'extends external file fileoverview fires function generator global hideconstructor ignore implements inheritdoc ' +
    'inheritDoc inner instance interface internal kind label lends license link linkcode linkplain listens member ' +
    'memberof mixes mixin module name namespace override overload package packageDocumentation param privateRemarks ' +
    'private property protected public readonly remarks requires returns return satisfies see since static summary ' +
    'template this throws todo tutorial type typedef typeParam variation version virtual yields'
  ).split(' '),
);

/**
 * Finds tags in one comment. A tag starts a line of the comment (after `//`, `/**`, or a block
 * comment's leading `*`); in block comments its text runs on over following lines until the next
 * tag or the end of the comment; in `//` comments it ends with the line.
 */
export function tagsInComment(comment: string, offset: number): CommentTag[] {
  let contentStart: number;
  let contentEnd: number;
  if (comment.startsWith('//')) {
    contentStart = 2;
    contentEnd = comment.length;
  } else {
    contentStart = comment.startsWith('/**') ? 3 : 2;
    contentEnd = comment.endsWith('*/') && comment.length >= contentStart + 2 ? comment.length - 2 : comment.length;
  }
  const block = !comment.startsWith('//');
  const tags: CommentTag[] = [];
  // Each tag's text as the list of its line segments [start, end) (comment-relative).
  let current: { name: string; at: number; segments: Array<[number, number]> } | undefined;
  const finish = () => {
    if (current) tags.push(buildTag(comment, offset, current.name, current.at, current.segments));
    current = undefined;
  };
  let lineStart = contentStart;
  while (lineStart <= contentEnd) {
    let lineEnd = comment.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > contentEnd) lineEnd = contentEnd;
    let i = lineStart;
    while (i < lineEnd && (comment[i] === ' ' || comment[i] === '\t' || comment[i] === '\r')) i++;
    if (block && comment[i] === '*') {
      while (i < lineEnd && comment[i] === '*') i++;
      while (i < lineEnd && (comment[i] === ' ' || comment[i] === '\t')) i++;
    }
    const m = comment[i] === '@' ? /^@([A-Za-z][\w-]*)/.exec(comment.slice(i, lineEnd)) : null;
    if (m) {
      finish();
      current = { name: m[1], at: i, segments: [[i + m[0].length, lineEnd]] };
    } else if (current && block) {
      current.segments.push([i, lineEnd]);
    }
    if (!block) break;
    lineStart = lineEnd + 1;
  }
  finish();
  return tags;
}

function buildTag(comment: string, offset: number, name: string, at: number, segments: Array<[number, number]>): CommentTag {
  const tokens: BodyToken[] = [];
  for (const [from, to] of segments) {
    const text = comment.slice(from, to);
    // A link, a quoted string (escapes allowed), or a bare word.
    const word = /\{@link(?:code|plain)?\s+([^\s|}]+)[^}]*\}|"((?:[^"\\]|\\.)*)"?|\S+/g;
    for (let m = word.exec(text); m; m = word.exec(text)) {
      const quoted = m[0].startsWith('"');
      const value = m[1] ?? (quoted ? (m[2] ?? '').replace(/\\(.)/g, '$1') : m[0]);
      tokens.push({ value, start: offset + from + m.index, end: offset + from + m.index + m[0].length, quoted });
    }
  }
  const end = tokens.length > 0 ? tokens[tokens.length - 1].end : offset + at + 1 + name.length;
  return { name, start: offset + at, end, tokens };
}

/** Whether a tag name is ours; if not, whether it looks like a slip for one of ours. */
export function classifyTagName(name: string): { ours: TraceTag } | { nearMiss: TraceTag } | undefined {
  if ((TRACE_TAGS as readonly string[]).includes(name)) return { ours: name as TraceTag };
  if (KNOWN_JSDOC_TAGS.has(name) || name.length < 5) return undefined;
  const close = didYouMean(name, TRACE_TAGS);
  return close && editDistance(name, close, 2) <= 2 ? { nearMiss: close as TraceTag } : undefined;
}

const REF_FORMS = 'write Element.category, Element.category.ruleId, a threat id TH-xxxxxxxx, Threats.<constant>, or a bare category inside an @element scope';

/** Parses one reference word: `TH-1a2b3c4d`, `Threats.X`, `Api.spoofing[.rule]`, `Elements.Api.spoofing`, `spoofing`. */
export function parseRef(token: BodyToken): { ref: TraceRef } | { problem: TagProblem } {
  const s = token.value;
  const at = { start: token.start, end: token.end };
  if (/^TH-[0-9A-Za-z]+$/.test(s)) return { ref: { kind: 'id', id: s, written: s } };
  const parts = s.split('.');
  if (parts.some((p) => p === '')) {
    return { problem: { code: TRACE_CODES.malformedTag, message: `"${s}" is not a threat reference`, hint: REF_FORMS, ...at } };
  }
  if (parts[0] === 'Threats') {
    if (parts.length !== 2) {
      return { problem: { code: TRACE_CODES.malformedTag, message: `"${s}" is not a threat constant`, hint: 'write Threats.<name> as generated by warden export ts', ...at } };
    }
    const m = /^TH_([0-9A-Za-z]+)$/.exec(parts[1]);
    return { ref: m ? { kind: 'id', id: `TH-${m[1]}`, written: s } : { kind: 'constant', name: parts[1], written: s } };
  }
  // `Elements.Api.spoofing` / `Flows.ApiToLedger.tampering`: the constant object's name is noise.
  const rest = (parts[0] === 'Elements' || parts[0] === 'Flows') && parts.length >= 3 ? parts.slice(1) : parts;
  const [element, category, ...rule] = rest.length === 1 ? [undefined, rest[0]] : rest;
  if (!(STRIDE as readonly string[]).includes(category!)) {
    const close = didYouMean(category!, STRIDE);
    if (close || element !== undefined) {
      return {
        problem: {
          code: TRACE_CODES.unknownCategory,
          message: `unknown STRIDE category "${category}"`,
          hint: close ? `did you mean "${close}"?` : `categories: ${STRIDE.join(', ')}`,
          ...at,
        },
      };
    }
    return { problem: { code: TRACE_CODES.malformedTag, message: `"${s}" is not a threat reference`, hint: REF_FORMS, ...at } };
  }
  return {
    ref: {
      kind: 'category',
      ...(element !== undefined ? { element } : {}),
      category: category as StrideCategory,
      ...(rule.length > 0 ? { rule: rule.join('.') } : {}),
      elementFromScope: false,
      written: s,
    },
  };
}

function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const stripPrefix = (s: string, prefixes: readonly string[]) => {
  for (const p of prefixes) if (s.startsWith(p + '.') && s.length > p.length + 1) return s.slice(p.length + 1);
  return s;
};

const joinValues = (tokens: readonly BodyToken[]) => tokens.map((t) => t.value).join(' ');

/**
 * Parses one of our tags' text. Returns the fields (undefined when the tag is unusable) and the
 * problems found; a usable tag may still carry problems (e.g. a malformed optional part).
 */
export function parseTag(tag: CommentTag & { name: TraceTag }): { fields?: TagFields; problems: TagProblem[] } {
  const problems: TagProblem[] = [];
  const t = tag.tokens;
  const text = t.map((x) => (x.quoted ? JSON.stringify(x.value) : x.value)).join(' ');
  const whole = { start: tag.start, end: tag.end };
  const fail = (message: string, hint: string, at: { start: number; end: number } = whole) => {
    problems.push({ code: TRACE_CODES.malformedTag, message, hint, ...at });
    return { problems };
  };
  const keyword = (tok: BodyToken | undefined, word: string) => tok !== undefined && !tok.quoted && tok.value === word;

  if (tag.name === 'element' || tag.name === 'boundary') {
    if (t.length === 0) return fail(`@${tag.name} needs a name`, `write @${tag.name} <${tag.name === 'element' ? 'Element' : 'Boundary'}>`);
    const prefixes = tag.name === 'element' ? ['Elements', 'Flows'] : ['Boundaries'];
    const name = stripPrefix(t[0].value, prefixes);
    return {
      fields: { tag: tag.name, text, name, refStart: t[0].start, refEnd: t[0].end, ...(t.length > 1 ? { note: joinValues(t.slice(1)) } : {}) },
      problems,
    };
  }

  const usage =
    tag.name === 'mitigates'
      ? 'write @mitigates <ref> [by <control>] [text]'
      : tag.name === 'exposes'
        ? 'write @exposes <Element.category> [severity <level>] <text>'
        : 'write @accepts <ref> owner <owner> until <yyyy-mm-dd> because <text>';
  if (t.length === 0) return fail(`@${tag.name} needs a threat reference`, usage);
  const parsed = parseRef(t[0]);
  if ('problem' in parsed) {
    problems.push(parsed.problem);
    return { problems };
  }
  const fields: TagFields = { tag: tag.name, text, ref: parsed.ref, refStart: t[0].start, refEnd: t[0].end };
  let i = 1;

  if (tag.name === 'mitigates') {
    if (keyword(t[i], 'by')) {
      const c = t[i + 1];
      const control = c ? stripPrefix(c.value.replace(/\(.*$/s, ''), ['Controls']) : '';
      if (!c || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(control)) {
        return fail('`by` must be followed by a control name', usage, c ?? t[i]);
      }
      fields.control = control;
      i += 2;
    }
    if (i < t.length) fields.note = joinValues(t.slice(i));
    return { fields, problems };
  }

  if (tag.name === 'exposes') {
    if (parsed.ref.kind !== 'category') {
      return fail('@exposes declares a new threat: it takes Element.category, not a threat id', usage, t[0]);
    }
    if (keyword(t[i], 'severity')) {
      const level = t[i + 1]?.value;
      if (!level || !(SEVERITIES as readonly string[]).includes(level)) {
        const close = level ? didYouMean(level, SEVERITIES) : undefined;
        return fail(`severity must be one of ${SEVERITIES.join(', ')}`, close ? `did you mean "${close}"?` : usage, t[i + 1] ?? t[i]);
      }
      fields.severity = level as Severity;
      i += 2;
    }
    if (i >= t.length) return fail('@exposes needs a text saying what is exposed (the threat id is derived from it)', usage);
    fields.note = joinValues(t.slice(i));
    return { fields, problems };
  }

  // accepts: owner <owner> until <date> because <text>, in that order.
  if (!keyword(t[i], 'owner') || !t[i + 1]) return fail('@accepts needs `owner <owner>` after the reference', usage, t[i] ?? whole);
  fields.owner = t[i + 1].value;
  i += 2;
  if (!keyword(t[i], 'until') || !t[i + 1]) return fail('@accepts needs `until <yyyy-mm-dd>` after the owner', usage, t[i] ?? whole);
  if (!isIsoDate(t[i + 1].value)) {
    problems.push({
      code: TRACE_CODES.invalidDate,
      message: `"${t[i + 1].value}" is not a date`,
      hint: 'write the expiry as yyyy-mm-dd, e.g. 2027-03-01',
      start: t[i + 1].start,
      end: t[i + 1].end,
    });
    return { problems };
  }
  fields.until = t[i + 1].value;
  i += 2;
  if (!keyword(t[i], 'because') || i + 1 >= t.length) return fail('@accepts needs `because <text>` after the date', usage, t[i] ?? whole);
  fields.reason = joinValues(t.slice(i + 1));
  return { fields, problems };
}
