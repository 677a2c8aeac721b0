// Minimal VS Code extension for Warden: the TextMate grammar from grammar/ (linked into syntaxes/)
// and a language client that starts `warden lsp` over stdio. Everything else (diagnostics,
// completion, hover, definition, references, rename, outline, formatting) is the server's.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

/** The warden command: the setting, else the workspace's own install, else the PATH. */
function wardenCommand() {
  const configured = vscode.workspace.getConfiguration('warden').get('path');
  if (configured) return configured;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const local = join(folder.uri.fsPath, 'node_modules', '.bin', process.platform === 'win32' ? 'warden.cmd' : 'warden');
    if (existsSync(local)) return local;
  }
  return 'warden';
}

function activate(context) {
  const command = wardenCommand();
  // TransportKind.stdio makes the client append --stdio: the server runs as `warden lsp --stdio`.
  const run = { command, args: ['lsp'], transport: TransportKind.stdio, options: { shell: process.platform === 'win32' } };
  client = new LanguageClient('warden', 'Warden', { run, debug: run }, {
    documentSelector: [{ scheme: 'file', language: 'warden' }, { scheme: 'untitled', language: 'warden' }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.warden') },
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
