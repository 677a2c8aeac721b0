// What every import and export shares: the result shapes, located warnings, STRIDE names in the
// three formats, and the options that carry what a format lacks (the expiry of an acceptance).
import type { Diagnostic } from '../diagnostics/index.js';
import type { StrideCategory } from '../model/types.js';
import type { Located, PathSeg } from './located.js';
import { CATEGORY_LABEL } from '../threats/index.js';

/** Diagnostic codes of src/interop (docs/interop.md lists them). */
export const CODES = {
  /** The input is not JSON/YAML, or is too large or deep. */
  unreadable: 'WD8001',
  /** The input is readable but is not a model of the format (a required part is missing or has the wrong type). */
  notThisFormat: 'WD8002',
  /** A construct Warden has no place for: dropped. */
  dropped: 'WD8010',
  /** A value mapped to the nearest Warden value: kept approximately (the exact value is kept in a tag where noted). */
  approximated: 'WD8011',
  /** A reference to something the file does not define: dropped. */
  danglingRef: 'WD8012',
  /** A risk decision that could not be tied to an element or flow: dropped. */
  decisionDropped: 'WD8013',
  /** A value the format leaves out that Warden requires was filled in (e.g. the expiry of an acceptance). */
  filledIn: 'WD8014',
  /** The generated model does not validate: a bug in the importer. */
  invalidOutput: 'WD8020',
} as const;

export interface ImportOptions {
  /** File name used in diagnostics. */
  file: string;
  /** Expiry written on accepted risks when the format records none (yyyy-mm-dd); default: one year after `today`. */
  acceptUntil?: string;
  /** The date the import runs (yyyy-mm-dd, UTC); default: the current date. */
  today?: string;
}

export interface ImportResult {
  /** Formatted Warden source; undefined when the input could not be read at all. */
  source?: string;
  diagnostics: Diagnostic[];
}

/** Collects located warnings for one input file. */
export class Warnings {
  readonly list: Diagnostic[] = [];
  constructor(
    private file: string,
    private located: Located,
  ) {}

  warn(path: readonly PathSeg[], code: string, message: string, hint?: string): void {
    this.list.push({ code, severity: 'warning', message, file: this.file, span: this.located.at(path), ...(hint ? { hint } : {}) });
  }

  /** Reports each key of `obj` outside `known` (a field the format does not define, or a typo) as dropped. */
  unknownKeys(obj: Record<string, unknown>, known: ReadonlySet<string>, path: readonly PathSeg[], what: string): void {
    for (const k of Object.keys(obj)) if (!known.has(k)) this.warn([...path, k], CODES.dropped, `${k} dropped: not a field of ${what}`);
  }

  error(path: readonly PathSeg[], code: string, message: string, hint?: string): void {
    this.list.push({ code, severity: 'error', message, file: this.file, span: this.located.at(path), ...(hint ? { hint } : {}) });
  }
}

/** STRIDE category titles as the formats write them (the threat register's labels). */
export const STRIDE_TITLES: Record<StrideCategory, string> = CATEGORY_LABEL;

/** A STRIDE category from its name in any of the formats ("Information disclosure", "information-disclosure", "InformationDisclosure"). */
export function strideFrom(text: unknown): StrideCategory | undefined {
  if (typeof text !== 'string') return undefined;
  const key = text.toLowerCase().replace(/[^a-z]/g, '');
  for (const c of Object.keys(STRIDE_TITLES) as StrideCategory[]) if (c.toLowerCase() === key) return c;
  // CIA (Threat Dragon's "CIA" model) onto the STRIDE category that threatens each property.
  if (key === 'confidentiality') return 'informationDisclosure';
  if (key === 'integrity') return 'tampering';
  if (key === 'availability') return 'denialOfService';
  return undefined;
}

/** The STRIDE categories Warden's baseline derives per base kind (docs/threats.md). */
export const BASELINE: Record<'actor' | 'process' | 'store' | 'flow', StrideCategory[]> = {
  actor: ['spoofing', 'repudiation'],
  process: ['spoofing', 'tampering', 'repudiation', 'informationDisclosure', 'denialOfService', 'elevationOfPrivilege'],
  store: ['tampering', 'repudiation', 'informationDisclosure', 'denialOfService'],
  flow: ['tampering', 'informationDisclosure', 'denialOfService'],
};

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** `date` plus one year (29 February goes to 28 February). */
export function nextYear(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const day = m === 2 && d === 29 ? 28 : d;
  return `${String(y + 1).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function acceptUntil(options: ImportOptions): string {
  return options.acceptUntil ?? nextYear(options.today ?? todayUtc());
}

export const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const strList = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');

/** Tags that carry a foreign value through Warden (`threagile:protocol=jdbc`): parsed and split from ordinary tags. */
export function splitTags(tags: readonly string[], prefix: string): { plain: string[]; carried: Map<string, string[]> } {
  const plain: string[] = [];
  const carried = new Map<string, string[]>();
  for (const t of tags) {
    if (!t.startsWith(prefix)) {
      plain.push(t);
      continue;
    }
    const body = t.slice(prefix.length);
    const eq = body.indexOf('=');
    const k = eq < 0 ? body : body.slice(0, eq);
    const v = eq < 0 ? '' : body.slice(eq + 1);
    carried.set(k, [...(carried.get(k) ?? []), v]);
  }
  return { plain, carried };
}
