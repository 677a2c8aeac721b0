// Language server bench: latency per keystroke on the AKS example, through a real LSP client over
// the server's stdio (JSON-RPC framing, process boundary and all). Each keystroke is a didChange of
// one character; the time is until the diagnostics of that version arrive, then a completion
// request at the cursor. Half-typed lines go through the recovering parser, as in an editor.
// Run with `npm run bench -- lsp`. Target: under 100 ms per keystroke.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompletionItem } from 'vscode-languageserver-protocol';
import { startClient, uriOf } from '../test/lsp/client.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function stats(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1);
  return `mean ${(ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(1)} ms, median ${at(0.5)}, p95 ${at(0.95)}, max ${at(1)}`;
}

export async function run(): Promise<string[]> {
  const file = join(root, 'examples', 'aks-devsecops', 'model.warden');
  const base = readFileSync(file, 'utf8');
  const uri = uriOf(file);
  const client = await startClient();
  const c = client.connection;
  try {
    let version = 1;
    const opened = client.diagnostics(uri);
    const startOpen = performance.now();
    c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'warden', version, text: base } });
    await opened;
    const openMs = performance.now() - startOpen;
    const typed = '\nflow Customer -> Gateway "bench" { protocol https  authn oidc  carries [CardData] }\n';
    const diag: number[] = [];
    const completion: number[] = [];
    for (let round = 0; round < 2; round++) {
      for (let i = 1; i <= typed.length; i++) {
        const text = base + typed.slice(0, i);
        version++;
        const v = version;
        const got = client.diagnostics(uri, () => true);
        const started = performance.now();
        c.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text }] });
        await got;
        diag.push(performance.now() - started);
        const lines = text.split('\n');
        const t0 = performance.now();
        await c.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: lines.length - 1, character: lines[lines.length - 1].length } });
        completion.push(performance.now() - t0);
      }
    }
    return [
      `  AKS example (${base.split('\n').length} lines), ${diag.length} keystrokes over stdio JSON-RPC:`,
      `    open + first diagnostics  ${openMs.toFixed(0)} ms`,
      `    keystroke -> diagnostics  ${stats(diag)}`,
      `    completion at the cursor  ${stats(completion)}`,
      `    keystroke + completion    mean ${((diag.reduce((a, b) => a + b, 0) + completion.reduce((a, b) => a + b, 0)) / diag.length).toFixed(1)} ms (target < 100 ms)`,
    ];
  } finally {
    await client.stop();
  }
}
