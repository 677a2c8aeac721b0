// What the trace stage produces: annotations found in application code, as plain data.
// The tag grammar these come from is documented in docs/trace.md.
import type { Span } from '../diagnostics/index.js';
import type { Severity, StrideCategory } from '../model/types.js';

/** The five tags Warden reads from comments. */
export type TraceTag = 'mitigates' | 'exposes' | 'accepts' | 'boundary' | 'element';
export const TRACE_TAGS: readonly TraceTag[] = ['accepts', 'boundary', 'element', 'exposes', 'mitigates'];

/**
 * A threat reference as written in code, after syntax checks but before it is resolved against a
 * model. `written` keeps the source form for messages ("Threats.Api_spoofing").
 */
export type TraceRef =
  /** `TH-1a2b3c4d`, or the constant `Threats.TH_1a2b3c4d`. */
  | { kind: 'id'; id: string; written: string }
  /** `Threats.Api_spoofing`: a readable constant from `warden export ts`, resolved by name. */
  | { kind: 'constant'; name: string; written: string }
  /**
   * `Api.spoofing`, `Api.spoofing.RuleId`, `Elements.Api.spoofing`, or just `spoofing` inside an
   * `@element` scope. `element` is undefined when the category stands alone and no scope names one.
   */
  | { kind: 'category'; element?: string; category: StrideCategory; rule?: string; elementFromScope: boolean; written: string };

/** One tag found in a source file. Lines and columns are 1-based (those of the `@`). */
export interface Annotation {
  tag: TraceTag;
  /** Path relative to the working directory, with forward slashes. */
  file: string;
  line: number;
  column: number;
  /** The tag from its `@` to the end of its text. */
  span: Span;
  /**
   * The declaration the comment documents (`class PaymentsController`, `function verifyToken`,
   * `method PaymentsController.charge`), else the declaration it sits inside; undefined at top level.
   */
  declaration?: string;
  /** Whether the comment documents `declaration` (true) or merely sits inside it (false). */
  attached: boolean;
  /** The tag's text after its name, whitespace collapsed. */
  text: string;
  /** For mitigates, exposes, accepts. */
  ref?: TraceRef;
  refSpan?: Span;
  /** For element and boundary: the name (a `Elements.`/`Flows.`/`Boundaries.` prefix removed). */
  name?: string;
  /** `by <control>` on mitigates. */
  control?: string;
  /** Free text: the rest of a mitigates or exposes tag. */
  note?: string;
  /** `severity <level>` on exposes. */
  severity?: Severity;
  /** owner / until / because on accepts. */
  owner?: string;
  until?: string;
  reason?: string;
  /** The `@element` / `@boundary` in force where the tag sits (innermost scope wins). */
  scope: { element?: string; boundary?: string };
}
