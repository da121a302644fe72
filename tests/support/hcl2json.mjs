// Parses .tf files with HashiCorp's HCL parser (@cdktf/hcl2json, the Go
// parser compiled to wasm) and prints a JSON array: one parsed body per file,
// in argument order. Exits non-zero on the first file that does not parse.
// Usage: node tests/support/hcl2json.mjs FILE.tf...
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(path.join(root, ".tools/node/package.json"));
const { parse } = require("@cdktf/hcl2json");

const results = [];
for (const file of process.argv.slice(2)) {
  try {
    results.push(await parse(path.basename(file), readFileSync(file, "utf8")));
  } catch (error) {
    console.error(`${file}: ${error}`);
    process.exit(1);
  }
}
process.stdout.write(JSON.stringify(results));
