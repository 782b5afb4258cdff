#!/usr/bin/env bash
# Gets a fresh clone ready for the demo, the tests and the benchmarks: npm packages (when missing), the
# compiled package (dist/, which the engine's provider process loads), and a Pulumi CLI.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -d node_modules/@pulumi/pulumi ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[prepare] installing npm packages" >&2
  npm ci --no-audit --no-fund >&2
fi
echo "[prepare] compiling" >&2
rm -rf dist # a clean tree: files of removed sources must not linger where the provider host can load them
npx tsc -p tsconfig.json
bash scripts/bootstrap-pulumi.sh >/dev/null
