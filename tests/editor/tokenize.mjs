// Tokenises .vpce files with the editors' TextMate grammar, through the engine
// VS Code itself uses (vscode-textmate with vscode-oniguruma), and prints, as
// one JSON object, each file's tokens:
//
//   node tokenize.mjs ROOT FILE...
//
// FILE paths are printed relative to ROOT. Each file gets `lines`, its lines
// as [[text, [scopes]]...], and `dump`, one token a line:
// `LINE:COLUMN "text" scope scope...` (the root scope `source.vpce` and blank
// tokens left out), which the grammar snapshots hold.
// The packages come from VPCEC_NODE_TOOLS (default ROOT/.tools/node).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
const [givenRoot, ...files] = args;
const root = path.resolve(givenRoot);
const tools = path.resolve(process.env.VPCEC_NODE_TOOLS || path.join(root, '.tools', 'node'));
const require = createRequire(path.join(tools, 'package.json'));
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const grammarPath = path.join(root, 'editors', 'vscode', 'syntaxes', 'vpce.tmLanguage.json');
const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
const onigLib = oniguruma
  .loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength))
  .then(() => ({
    createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
    createOnigString: (text) => new oniguruma.OnigString(text),
  }));
const registry = new vsctm.Registry({
  onigLib,
  loadGrammar: async (scopeName) =>
    scopeName === 'source.vpce'
      ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath)
      : null,
});
const grammar = await registry.loadGrammar('source.vpce');
if (!grammar) throw new Error(`cannot load ${grammarPath}`);

/** The tokens of each line of `text`: [[text, scopes]...] per line. */
function tokenize(text) {
  let stack = vsctm.INITIAL;
  return text.split(/\r\n|\r|\n/).map((line) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    return result.tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes.slice(1)]);
  });
}

function dump(lines) {
  const out = [];
  lines.forEach((tokens, i) => {
    let column = 1;
    for (const [text, scopes] of tokens) {
      if (text.trim() !== '' || scopes.length > 0) {
        out.push(`${i + 1}:${column} ${JSON.stringify(text)} ${scopes.join(' ')}`.trimEnd());
      }
      column += text.length;
    }
  });
  return out.join('\n') + '\n';
}

const result = {};
for (const file of files) {
  const lines = tokenize(fs.readFileSync(file, 'utf8'));
  result[path.relative(root, path.resolve(file)).split(path.sep).join('/')] = { lines, dump: dump(lines) };
}
process.stdout.write(JSON.stringify(result));
