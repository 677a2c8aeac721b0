// A real LSP client for the tests and the bench: `warden lsp` as a child process, driven over
// JSON-RPC on its stdio with vscode-languageserver-protocol, as an editor would.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  PublishDiagnosticsNotification,
  type Diagnostic,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entry = "import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(process.argv.slice(1)); })";

export interface LspClient {
  connection: ProtocolConnection;
  child: ChildProcess;
  /** Resolves with the next diagnostics published for `uri` that satisfy `until` (default: any). */
  diagnostics(uri: string, until?: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]>;
  /** Sends shutdown and exit; resolves with the server's exit code. */
  stop(): Promise<number | null>;
}

export const uriOf = (path: string): string => pathToFileURL(path).href;

export async function startClient(): Promise<LspClient> {
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', entry, 'lsp', '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiting: { uri: string; until: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    for (const w of [...waiting]) {
      if (w.uri === p.uri && w.until(p.diagnostics)) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(p.diagnostics);
      }
    }
  });
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: uriOf(root), capabilities: {} });
  connection.sendNotification('initialized', {});
  return {
    connection,
    child,
    diagnostics: (uri, until = () => true) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within 20 s; server stderr: ${stderr}`)), 20000);
        waiting.push({ uri, until, resolve: (d) => (clearTimeout(timer), resolve(d)) });
      }),
    stop: async () => {
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      const code = await exited;
      connection.dispose();
      return code;
    },
  };
}
