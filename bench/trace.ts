// Bench of the code trace scan: 1,000 generated TypeScript files (about 60 lines each, every one
// carrying tags, so the substring pre-filter skips nothing), scanned in a child process so that
// its peak RSS is the scan's own. Target (issue 8): under 10 s. `npm run bench -- trace`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FILES = 1000;
// @element plus three @mitigates; the `@mitigates` after `// not a tag:` is prose, not a tag.
const TAGS_PER_FILE = 4;
const ELEMENTS = ['Api', 'Ledger', 'KeyVault', 'Gateway'];

function sourceFile(i: number): string {
  const el = ELEMENTS[i % ELEMENTS.length];
  return `/**
 * Module ${i}: generated for the trace bench.
 * @element ${el}
 */
import { createHash } from 'node:crypto';

export interface Order${i} {
  id: string;
  amount: number;
  currency: 'EUR' | 'USD';
}

/**
 * Validates an order before it is stored.
 * @mitigates tampering by inputValidation amounts and currencies are checked
 */
export function validate${i}(o: Order${i}): boolean {
  if (!o.id || o.amount <= 0) return false;
  const url = \`https://example.com/orders/\${o.id}\`; // not a tag: @mitigates inside code
  return url.length > 0 && (o.currency === 'EUR' || o.currency === 'USD');
}

export class Service${i} {
  private readonly cache = new Map<string, Order${i}>();

  /** @mitigates ${el}.repudiation by auditLogging every write is logged */
  async save(o: Order${i}): Promise<string> {
    if (!validate${i}(o)) throw new Error('invalid order');
    this.cache.set(o.id, o);
    // @mitigates informationDisclosure by keyVaultSecrets the key comes from Key Vault
    return createHash('sha256').update(JSON.stringify(o)).digest('hex');
  }

  load(id: string): Order${i} | undefined {
    return this.cache.get(id);
  }

  get size(): number {
    return this.cache.size;
  }
}

export const handlers${i} = {
  get: (id: string) => new Service${i}().load(id),
  count: () => new Service${i}().size,
};
`;
}

interface ChildResult {
  ms: number;
  /** CPU time of the scan (user + system), which the machine's load does not inflate. */
  cpuMs: number;
  maxRssMB: number;
  baseRssMB: number;
  annotations: number;
  diagnostics: number;
}

async function child(dir: string, tsconfig: string | undefined): Promise<void> {
  const { scanSources } = await import('../src/trace/index.js');
  const baseRssMB = process.resourceUsage().maxRSS / 1024;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = scanSources(['src'], { cwd: dir, ...(tsconfig ? { tsconfig } : {}) });
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const out: ChildResult = { ms, cpuMs: (c.user + c.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024, baseRssMB, annotations: r.value.length, diagnostics: r.diagnostics.length };
  process.stdout.write(JSON.stringify(out));
}

function spawnChild(dir: string, tsconfig?: string): ChildResult {
  const started = performance.now();
  const p = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, WARDEN_TRACE_BENCH_DIR: dir, WARDEN_TRACE_BENCH_TSCONFIG: tsconfig ?? '' },
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (p.status !== 0) throw new Error(`bench child failed: ${p.stderr}`);
  const r = JSON.parse(p.stdout) as ChildResult;
  return { ...r, ms: r.ms, wall: performance.now() - started } as ChildResult & { wall: number };
}

export async function run(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'warden-trace-bench-'));
  try {
    mkdirSync(join(dir, 'src'), { recursive: true });
    let bytes = 0;
    for (let i = 0; i < FILES; i++) {
      const text = sourceFile(i);
      bytes += text.length;
      const sub = join(dir, 'src', `m${Math.floor(i / 100)}`);
      mkdirSync(sub, { recursive: true });
      writeFileSync(join(sub, `module${i}.ts`), text);
    }
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext' }, include: ['src'] }));
    // Wall time on a shared machine measures the neighbours too: print the load beside it, and
    // judge the target on the scan's CPU time, which the load does not inflate.
    const lines = [
      `  input: ${FILES} files, ${(bytes / 1024).toFixed(0)} KiB, ${FILES * TAGS_PER_FILE} tags; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs`,
    ];
    for (const [label, tsconfig] of [
      ['directory walk', undefined],
      ['--tsconfig    ', 'tsconfig.json'],
    ] as const) {
      const r = spawnChild(dir, tsconfig) as ChildResult & { wall: number };
      if (r.annotations !== FILES * TAGS_PER_FILE) throw new Error(`expected ${FILES * TAGS_PER_FILE} annotations, got ${r.annotations}`);
      if (r.diagnostics !== 0) throw new Error(`expected no diagnostics, got ${r.diagnostics}`);
      lines.push(
        `  ${label}: scan ${(r.ms / 1000).toFixed(2)} s wall, ${(r.cpuMs / 1000).toFixed(2)} s CPU; child process ${(r.wall / 1000).toFixed(2)} s wall (incl. startup); ` +
          `peak RSS ${r.maxRssMB.toFixed(0)} MB (${r.baseRssMB.toFixed(0)} MB before the scan); ${r.annotations} annotations; target < 10 s: ${r.wall < 10_000 ? 'ok' : r.cpuMs < 10_000 ? 'ok on CPU time (wall inflated by load)' : 'MISSED'}`,
      );
    }
    return lines;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.WARDEN_TRACE_BENCH_DIR) await child(process.env.WARDEN_TRACE_BENCH_DIR, process.env.WARDEN_TRACE_BENCH_TSCONFIG || undefined);
