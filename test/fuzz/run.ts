// `npm run fuzz -- [--surface dsl|rego|yaml|bundle] [--runs N] [--seed S] [--path I] [--seconds T]`
//
// The long fuzz: each surface in turn runs N inputs (default 100,000) in a worker thread, keeps
// going past failures, and groups them by signature. A watchdog in this thread ends a worker whose
// input has not finished in --hang-ms (a hang is a failure too) and restarts it after that input.
// Then every distinct failure is shrunk by fast-check from its first occurrence and, for text
// inputs, delta-minimised. Printed per surface: inputs run, failures, time, inputs/s, and for each
// failure its seed, path, count and shrunk counterexample. `--seed S --path I --runs 1` replays
// input I of seed S alone. See docs/fuzzing.md.
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { minimiseText } from './lib/minimise.js';
import { loadSurface, SURFACES, type SurfaceName } from './lib/registry.js';
import { signature, type Failure } from './lib/surface.js';

interface Options {
  surfaces: SurfaceName[];
  runs: number;
  seed: number;
  path: number;
  seconds: number;
  hangMs: number;
  shrinkSeconds: number;
  report?: string;
}

type RunJob = { mode: 'run'; surface: SurfaceName; seed: number; start: number; runs: number; seconds: number; known: string[]; hb: SharedArrayBuffer };
type ShrinkJob = { mode: 'shrink'; surface: SurfaceName; seed: number; items: Array<{ sig: string; index: number }>; shrinkSeconds: number; hb: SharedArrayBuffer };
type Job = RunJob | ShrinkJob;

type Msg =
  | { type: 'failure'; sig: string; index: number; failure: Failure; input: string }
  | { type: 'hits'; counts: Record<string, number>; done: number }
  | { type: 'shrunk'; sig: string; counterexample: string; minimised?: string; shrinks: number }
  | { type: 'done'; done: number };

// ---------------------------------------------------------------- worker side

/** hb[0]: index of the input being run (or of the failure being shrunk); hb[1]: 1 while busy. */
async function workerMain(job: Job): Promise<void> {
  const hb = new Int32Array(job.hb);
  const surface = await loadSurface(job.surface);
  const post = (m: Msg) => parentPort!.postMessage(m);
  if (job.mode === 'run') {
    const known = new Set(job.known);
    const counts: Record<string, number> = {};
    let index = job.start;
    let lastPost = performance.now();
    const prop = fc.asyncProperty(surface.arbitrary, async (input) => {
      Atomics.store(hb, 0, index);
      Atomics.store(hb, 1, 1);
      const failures = await surface.run(input);
      Atomics.store(hb, 1, 0);
      for (const f of failures) {
        const sig = signature(f);
        counts[sig] = (counts[sig] ?? 0) + 1;
        if (!known.has(sig)) {
          known.add(sig);
          post({ type: 'failure', sig, index, failure: f, input: surface.show(input) });
        }
      }
      index++;
      if (performance.now() - lastPost > 1000) {
        post({ type: 'hits', counts, done: index - job.start });
        lastPost = performance.now();
      }
      return true;
    });
    await fc.check(prop, { seed: job.seed, path: String(job.start), numRuns: job.runs, ...(job.seconds > 0 ? { interruptAfterTimeLimit: job.seconds * 1000, markInterruptAsFailure: false } : {}) });
    post({ type: 'hits', counts, done: index - job.start });
    post({ type: 'done', done: index - job.start });
    return;
  }
  for (const { sig, index } of job.items) {
    Atomics.store(hb, 0, index);
    Atomics.store(hb, 1, 1);
    const fails = async (x: unknown) => (await surface.run(x)).some((f) => signature(f) === sig);
    const r = await fc.check(
      fc.asyncProperty(surface.arbitrary, async (x) => !(await fails(x))),
      { seed: job.seed, path: String(index), numRuns: 1, interruptAfterTimeLimit: job.shrinkSeconds * 1000, markInterruptAsFailure: false },
    );
    if (!r.failed || !r.counterexample) {
      post({ type: 'shrunk', sig, counterexample: '(did not fail again when replayed: flaky or dependent on earlier inputs)', shrinks: 0 });
      continue;
    }
    const x = r.counterexample[0];
    let minimised: string | undefined;
    if (surface.text) {
      const t = surface.text;
      minimised = await minimiseText(t.to(x), (s) => fails(t.from(s, x)), performance.now() + job.shrinkSeconds * 1000);
    }
    post({ type: 'shrunk', sig, counterexample: surface.show(x), ...(minimised !== undefined ? { minimised } : {}), shrinks: r.numShrinks });
  }
  Atomics.store(hb, 1, 0);
  post({ type: 'done', done: 0 });
}

// ---------------------------------------------------------------- main side

interface FailureRecord {
  sig: string;
  index: number;
  failure: Failure;
  input: string;
  count: number;
  counterexample?: string;
  minimised?: string;
  shrinks?: number;
}

/** Runs one job in a worker; `onStuck` is told (and the worker ended) when hb[0] stays busy on one index longer than `stuckMs`. */
function runWorker(job: Omit<RunJob, 'hb'> | Omit<ShrinkJob, 'hb'>, stuckMs: number, onMsg: (m: Msg) => void): Promise<{ stuckAt?: number }> {
  const hb = new SharedArrayBuffer(8);
  const view = new Int32Array(hb);
  // the main thread's stack size (a worker's default is 4 MB), so stack overflows show as in the CLI
  const worker = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: { ...job, hb }, resourceLimits: { stackSizeMb: 1 } });
  return new Promise((resolve, reject) => {
    let lastIndex = -1;
    let since = performance.now();
    let stuck: number | undefined;
    const timer = setInterval(() => {
      const i = Atomics.load(view, 0);
      const busy = Atomics.load(view, 1) === 1;
      if (i !== lastIndex || !busy) {
        lastIndex = i;
        since = performance.now();
      } else if (performance.now() - since > stuckMs) {
        stuck = i;
        void worker.terminate();
      }
    }, 250);
    worker.on('message', onMsg);
    worker.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    worker.on('exit', () => {
      clearInterval(timer);
      resolve(stuck !== undefined ? { stuckAt: stuck } : {});
    });
  });
}

/** Input `index` of the stream for `seed`, regenerated here (for hangs, whose worker was ended). */
async function inputAt(surfaceName: SurfaceName, seed: number, index: number): Promise<string> {
  const surface = await loadSurface(surfaceName);
  let shown = '';
  fc.check(
    fc.property(surface.arbitrary, (x) => {
      shown = surface.show(x);
      return true;
    }),
    { seed, path: String(index), numRuns: 1 },
  );
  return shown;
}

async function fuzzSurface(name: SurfaceName, o: Options) {
  const failures = new Map<string, FailureRecord>();
  const started = performance.now();
  let done = 0;
  let baseCounts: Record<string, number> = {};
  let counts: Record<string, number> = {};
  let lastProgress = performance.now();
  const onMsg = (m: Msg) => {
    if (m.type === 'failure') {
      failures.set(m.sig, { sig: m.sig, index: m.index, failure: m.failure, input: m.input, count: 0 });
      process.stderr.write(`  [${name}] new failure at input ${m.index}: ${m.sig}\n`);
    } else if (m.type === 'hits') {
      counts = m.counts;
      if (performance.now() - lastProgress > 30_000) {
        lastProgress = performance.now();
        const n = done + m.done;
        process.stderr.write(`  [${name}] ${n} inputs, ${failures.size} distinct failures, ${(n / ((performance.now() - started) / 1000)).toFixed(1)} inputs/s\n`);
      }
    }
    else if (m.type === 'done') done += m.done;
    else if (m.type === 'shrunk') Object.assign(failures.get(m.sig)!, { counterexample: m.counterexample, minimised: m.minimised, shrinks: m.shrinks });
  };
  let start = o.path;
  const end = o.path + o.runs;
  while (start < end) {
    const remaining = o.seconds > 0 ? Math.max(1, o.seconds - (performance.now() - started) / 1000) : 0;
    counts = {};
    const r = await runWorker({ mode: 'run', surface: name, seed: o.seed, start, runs: end - start, seconds: remaining, known: [...failures.keys()] }, o.hangMs, onMsg);
    for (const [k, v] of Object.entries(counts)) baseCounts[k] = (baseCounts[k] ?? 0) + v;
    if (r.stuckAt === undefined) break;
    const sig = `hang: no result within ${o.hangMs} ms`;
    done += r.stuckAt - start + 1;
    baseCounts[sig] = (baseCounts[sig] ?? 0) + 1;
    if (!failures.has(sig)) failures.set(sig, { sig, index: r.stuckAt, failure: { kind: 'hang', detail: `input ${r.stuckAt}` }, input: await inputAt(name, o.seed, r.stuckAt), count: 0, counterexample: '(hangs are not shrunk)' });
    process.stderr.write(`  [${name}] input ${r.stuckAt} hung; restarting after it\n`);
    start = r.stuckAt + 1;
    if (o.seconds > 0 && (performance.now() - started) / 1000 >= o.seconds) break;
  }
  const runMs = performance.now() - started;
  for (const f of failures.values()) f.count = baseCounts[f.sig] ?? f.count;
  // shrink every failure found (not hangs), restarting past one whose shrinking hangs
  let pending = [...failures.values()].filter((f) => f.counterexample === undefined);
  while (pending.length > 0) {
    const r = await runWorker({ mode: 'shrink', surface: name, seed: o.seed, items: pending.map((f) => ({ sig: f.sig, index: f.index })), shrinkSeconds: o.shrinkSeconds }, o.hangMs + o.shrinkSeconds * 2000, onMsg);
    if (r.stuckAt !== undefined) {
      const f = pending.find((p) => p.index === r.stuckAt && p.counterexample === undefined);
      if (f) f.counterexample = '(shrinking hung on a candidate; first occurrence shown as input)';
    }
    const next = pending.filter((f) => f.counterexample === undefined);
    if (next.length === pending.length) break;
    pending = next;
  }
  return { name, done, runMs, failures: [...failures.values()] };
}

function printSurface(r: Awaited<ReturnType<typeof fuzzSurface>>, o: Options): void {
  const rate = r.done / (r.runMs / 1000);
  const lines = [`${r.name}: ${r.done} inputs, ${r.failures.length} distinct failures (${r.failures.reduce((a, f) => a + f.count, 0)} failing inputs), ${(r.runMs / 1000).toFixed(1)} s, ${rate.toFixed(1)} inputs/s`];
  for (const f of r.failures) {
    lines.push(`  FAIL ${f.sig}`, `    first at input ${f.index} (seed ${o.seed}), ${f.count} inputs; replay: npm run fuzz -- --surface ${r.name} --seed ${o.seed} --path ${f.index} --runs 1`);
    lines.push(`    detail: ${f.failure.detail.slice(0, 400)}`);
    lines.push(`    counterexample (after ${f.shrinks ?? 0} shrinks): ${JSON.stringify((f.counterexample ?? f.input).slice(0, 2000))}`);
    if (f.minimised !== undefined) lines.push(`    minimised: ${JSON.stringify(f.minimised.slice(0, 2000))}`);
  }
  console.log(lines.join('\n'));
}

function parseOptions(argv: string[]): Options {
  const o: Options = { surfaces: [...SURFACES], runs: 100_000, seed: Date.now() % 2 ** 31, path: 0, seconds: 0, hangMs: 60_000, shrinkSeconds: 60 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    if (a === '--surface') {
      const names = v().split(',');
      for (const n of names) if (!(SURFACES as readonly string[]).includes(n)) throw new Error(`unknown surface ${n}: one of ${SURFACES.join(', ')}`);
      o.surfaces = names as SurfaceName[];
    } else if (a === '--runs') o.runs = Number(v());
    else if (a === '--seed') o.seed = Number(v());
    else if (a === '--path') o.path = Number(v());
    else if (a === '--seconds') o.seconds = Number(v());
    else if (a === '--hang-ms') o.hangMs = Number(v());
    else if (a === '--shrink-seconds') o.shrinkSeconds = Number(v());
    else if (a === '--report') o.report = v();
    else throw new Error(`unknown option ${a}`);
  }
  for (const k of ['runs', 'seed', 'path', 'seconds', 'hangMs', 'shrinkSeconds'] as const) if (!Number.isInteger(o[k]) || o[k] < 0) throw new Error(`--${k} must be a whole number`);
  return o;
}

async function cliMain(): Promise<void> {
  let o: Options;
  try {
    o = parseOptions(process.argv.slice(2));
  } catch (e) {
    console.error(`fuzz: ${(e as Error).message}\nusage: npm run fuzz -- [--surface dsl|rego|yaml|bundle[,...]] [--runs N] [--seed S] [--path I] [--seconds T] [--hang-ms MS] [--shrink-seconds T] [--report file.json]`);
    process.exit(2);
  }
  console.log(`fuzz: seed ${o.seed}, ${o.runs} inputs per surface from input ${o.path}${o.seconds ? `, at most ${o.seconds} s each` : ''}`);
  const results = [];
  for (const s of o.surfaces) {
    const r = await fuzzSurface(s, o);
    printSurface(r, o);
    results.push(r);
    if (o.report) writeFileSync(o.report, JSON.stringify({ seed: o.seed, results }, null, 2));
  }
  process.exit(results.some((r) => r.failures.length > 0) ? 1 : 0);
}

if (isMainThread) await cliMain();
else await workerMain(workerData as Job);
