// The VS Code client of the vpcec language server: it starts `vpcec lsp`
// (the binary named by the `vpce.server.path` setting, `vpcec` on PATH by
// default) for every .vpce file. Highlighting comes from the TextMate grammar
// in syntaxes/, which works without the server.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('vpce').get('server.path', 'vpcec');
  const server = { command, args: ['lsp'], transport: TransportKind.stdio };
  client = new LanguageClient(
    'vpce',
    'vpcec language server',
    { run: server, debug: server },
    { documentSelector: [{ language: 'vpce' }] }
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
