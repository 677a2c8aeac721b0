// `npm run conformance -- --opa-suite` (or directly: node --import tsx test/rego/opa-suite/run.ts):
// runs OPA's own conformance cases (from the opa Go module, never copied here) through Warden's
// compiler, under Warden's loader and under the stock opa-wasm SDK, and prints pass/fail per
// category and in total, then every case whose value differs from OPA's.
//   --repo <dir>      the checkout whose compiler runs (default: this one)
//   --filter <text>   only cases whose id contains the text (e.g. a category name)
//   --list            also list every failing case (not only wrong answers)
//   --json <path>     write the summary and every case's verdict as JSON
//   --jobs <n>        worker processes (default 2)      --timeout <ms>  per case (default 20000)
//   --update-baseline write baseline.json (the ratchet opa-suite.test.ts holds the compiler to)
//   --opa-wasm <opa>  also build each case with `opa build -t wasm` and run OPA's module under the
//                     stock SDK: lists the cases OPA's Wasm passes and Warden's (stock SDK) does not
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeExpectation, type CaseResult, type Verdict } from './judge.js';
import { findSuiteDir, loadSuite, OPA_SUITE_VERSION, type SuiteCase } from './suite.js';

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const here = fileURLToPath(new URL('.', import.meta.url));
const repo = resolve(opt('--repo') ?? join(here, '..', '..', '..'));
const timeoutMs = Number(opt('--timeout') ?? 20000);
const jobs = Math.max(1, Number(opt('--jobs') ?? 2));

/** Runs `cases` in one chain of workers; a case that hangs is killed and recorded, the rest resume. */
function runShard(suiteDir: string, cases: SuiteCase[], idsFile: string): Promise<CaseResult[]> {
  writeFileSync(idsFile, cases.map((c) => c.id).join('\n'));
  const results: CaseResult[] = [];
  return new Promise((done) => {
    const start = (from: number): void => {
      if (from >= cases.length) return done(results);
      const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'worker.ts'), '--repo', repo, '--suite', suiteDir, '--ids', idsFile, '--from', String(from), ...(argv.includes('--opa-wasm') ? ['--opa-wasm', opt('--opa-wasm')] : [])], {
        cwd: repo,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let next = from;
      let buf = '';
      let stderr = '';
      let timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs * 3);
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()).length > 4000 && (stderr = stderr.slice(-4000)));
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const r = JSON.parse(buf.slice(0, nl)) as CaseResult & { index: number };
          buf = buf.slice(nl + 1);
          results.push({ id: r.id, warden: r.warden, sdk: r.sdk, ...(r.opaWasm ? { opaWasm: r.opaWasm } : {}) });
          next = r.index + 1;
          clearTimeout(timer);
          timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        }
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (next >= cases.length) return done(results);
        const why = signal ? `no answer within ${timeoutMs} ms (killed)` : `worker exited ${code}: ${stderr.trim().split('\n').slice(-1)[0] ?? ''}`;
        const crash = { verdict: 'crash' as Verdict, got: why };
        results.push({ id: cases[next]!.id, warden: crash, sdk: crash });
        start(next + 1);
      });
    };
    start(0);
  });
}

export interface SuiteReport {
  opa: string;
  suiteDir: string;
  total: number;
  inScope: number;
  outOfScope: Record<string, number>;
  warden: Record<Verdict, number>;
  sdk: Record<Verdict, number>;
  /** OPA's own Wasm under the stock SDK, with --opa-wasm. */
  opaWasm?: Record<Verdict, number>;
  wrong: Array<{ id: string; note: string; want: string; got: string }>;
  /** Cases whose expected error Warden's loader gives: how many with opa's message (want_error) in its own. */
  messages: { errors: number; same: number };
  results: Array<CaseResult & { category: string }>;
}

/** Whether an error Warden gave carries the case's want_error (less a leading `file:line: code: `, which Warden words as a diagnostic). */
function sameMessage(want: string, got: string): boolean {
  return got.includes(want) || got.includes(want.replace(/^[\w.-]+\.rego:\d+: [a-z_]+: /, ''));
}

const VERDICTS: Verdict[] = ['pass', 'wrong', 'unsupported', 'error-code', 'lenient', 'crash'];
const zero = (): Record<Verdict, number> => Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;

function summarise(suiteDir: string, all: SuiteCase[], inScope: SuiteCase[], results: CaseResult[]): SuiteReport {
  const byId = new Map(inScope.map((c) => [c.id, c]));
  const outOfScope: Record<string, number> = {};
  for (const c of all) if (c.outOfScope) outOfScope[c.outOfScope] = (outOfScope[c.outOfScope] ?? 0) + 1;
  const warden = zero();
  const sdk = zero();
  const opaWasm = zero();
  const wrong: SuiteReport['wrong'] = [];
  const messages = { errors: 0, same: 0 };
  for (const r of results) {
    warden[r.warden.verdict]++;
    const e = byId.get(r.id)!.expect;
    if (e.kind === 'error' && e.message !== undefined && r.warden.verdict === 'pass') {
      messages.errors++;
      if (sameMessage(e.message, r.warden.got)) messages.same++;
    }
    sdk[r.sdk.verdict]++;
    if (r.opaWasm) opaWasm[r.opaWasm.verdict]++;
    const c = byId.get(r.id)!;
    if (r.warden.verdict === 'wrong') wrong.push({ id: r.id, note: c.note, want: describeExpectation(c.expect), got: r.warden.got });
  }
  const ordered = results.map((r) => ({ ...r, category: byId.get(r.id)!.category })).sort((a, b) => (a.id < b.id ? -1 : 1));
  const withOpa = results.some((r) => r.opaWasm) ? { opaWasm } : {};
  return { opa: OPA_SUITE_VERSION, suiteDir, total: all.length, inScope: inScope.length, outOfScope, warden, sdk, ...withOpa, wrong, messages, results: ordered };
}

const pct = (n: number, d: number): string => (d ? ((100 * n) / d).toFixed(1) : '0.0');

function printReport(r: SuiteReport, list: boolean): void {
  const cats = new Map<string, { n: number; w: number; s: number }>();
  for (const x of r.results) {
    const t = cats.get(x.category) ?? { n: 0, w: 0, s: 0 };
    t.n++;
    if (x.warden.verdict === 'pass') t.w++;
    if (x.sdk.verdict === 'pass') t.s++;
    cats.set(x.category, t);
  }
  console.log(`OPA conformance suite ${r.opa} (${r.suiteDir})`);
  console.log(`${'category'.padEnd(44)} ${'cases'.padStart(5)} ${'warden'.padStart(7)} ${'stock-sdk'.padStart(9)}`);
  for (const [k, t] of [...cats].sort()) console.log(`${k.padEnd(44)} ${String(t.n).padStart(5)} ${String(t.w).padStart(7)} ${String(t.s).padStart(9)}${t.w < t.n ? '  *' : ''}`);
  console.log(`\ncases: ${r.total}, in scope: ${r.inScope}, out of scope: ${r.total - r.inScope}`);
  for (const [why, n] of Object.entries(r.outOfScope)) console.log(`  out of scope (${n}): ${why}`);
  const rows: Array<[string, Record<Verdict, number>]> = [['Warden loader', r.warden], ['stock SDK', r.sdk], ...(r.opaWasm ? [["OPA's Wasm, stock SDK", r.opaWasm] as [string, Record<Verdict, number>]] : [])];
  for (const [name, t] of rows) {
    console.log(`${name}: ${t.pass}/${r.inScope} pass (${pct(t.pass, r.inScope)} %); ${VERDICTS.slice(1).map((v) => `${v} ${t[v]}`).join(', ')}`);
  }
  if (r.opaWasm) {
    const behind = r.results.filter((x) => x.opaWasm?.verdict === 'pass' && x.sdk.verdict !== 'pass');
    const ahead = r.results.filter((x) => x.sdk.verdict === 'pass' && x.opaWasm?.verdict !== 'pass');
    console.log(`\nunder the stock SDK: OPA's Wasm passes ${behind.length} cases Warden's does not; Warden's passes ${ahead.length} that OPA's does not`);
    for (const x of behind) console.log(`  BEHIND ${x.id}: ${x.sdk.verdict}: ${x.sdk.got}`);
  }
  console.log(`error messages: ${r.messages.same} of the ${r.messages.errors} expected errors Warden's loader gives carry opa's want_error`);
  console.log(`\nwrong answers under Warden's loader: ${r.wrong.length}`);
  for (const w of r.wrong) console.log(`  WRONG ${w.id} (${w.note})\n    want: ${w.want}\n    got:  ${w.got}`);
  if (!list) return;
  console.log('\nevery other failure under Warden\'s loader:');
  for (const x of r.results) if (x.warden.verdict !== 'pass' && x.warden.verdict !== 'wrong') console.log(`  ${x.warden.verdict.padEnd(11)} ${x.id}: ${x.warden.got}`);
}

export const baselinePath = join(here, 'baseline.json');

/** What the ratchet keeps: pass counts that may only rise, and the wrong answers not fixed yet. */
export interface Baseline {
  opa: string;
  inScope: number;
  wardenPass: number;
  sdkPass: number;
  /** Must shrink to nothing: a case listed here that stops being wrong must be removed. */
  knownWrong: string[];
}

export function baselineOf(r: SuiteReport): Baseline {
  return { opa: r.opa, inScope: r.inScope, wardenPass: r.warden.pass, sdkPass: r.sdk.pass, knownWrong: r.wrong.map((w) => w.id).sort() };
}

export async function runSuite(filter?: string): Promise<SuiteReport | string> {
  const found = findSuiteDir();
  if (!found.dir) return found.reason;
  const all = loadSuite(found.dir).filter((c) => !filter || c.id.includes(filter));
  const inScope = all.filter((c) => !c.outOfScope);
  const tmp = mkdtempSync(join(tmpdir(), 'opa-suite-'));
  try {
    const shards = Array.from({ length: jobs }, (_, j) => inScope.filter((_c, i) => i % jobs === j));
    const parts = await Promise.all(shards.map((s, j) => runShard(found.dir!, s, join(tmp, `ids-${j}`))));
    return summarise(found.dir, all, inScope, parts.flat());
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await runSuite(opt('--filter'));
  if (typeof r === 'string') {
    console.log(`OPA conformance suite skipped: ${r}`);
  } else {
    printReport(r, argv.includes('--list'));
    const json = opt('--json');
    if (json) writeFileSync(json, `${JSON.stringify(r, null, 1)}\n`);
    if (argv.includes('--update-baseline')) {
      if (opt('--filter')) throw new Error('--update-baseline needs the whole suite (no --filter)');
      writeFileSync(baselinePath, `${JSON.stringify(baselineOf(r), null, 1)}\n`);
      console.log(`wrote ${baselinePath}`);
    }
  }
}
