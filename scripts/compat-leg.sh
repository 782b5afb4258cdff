#!/usr/bin/env bash
# CI's second leg: the engine tests that show the package works where users are — the newest Node.js LTS
# and the newest @pulumi/pulumi — while the main leg runs the whole suite on the machine's Node.js with the
# oldest SDK the peer range admits.
#
# Node.js comes from the npm registry's `node-linux-<arch>` package (the official build, nothing downloaded
# from anywhere else) and is cached. The tree (tracked files, and untracked ones not ignored, so work in
# progress is tested too) is copied to a scratch directory, where the newest SDK replaces the dev one, so
# this checkout's node_modules stay as they are.
#
# env: FF_COMPAT_NODE (major, default 24), FF_COMPAT_SDK (default: the registry's `latest`),
#      FF_PULUMI_CACHE (cache directory, as for bootstrap-pulumi.sh)
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_MAJOR="${FF_COMPAT_NODE:-24}"
CACHE="${FF_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-feature-flags}"
log() { printf '[compat-leg] %s\n' "$*" >&2; }

case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) log "no node-linux package for $(uname -m)"; exit 1 ;;
esac
prefix="$CACHE/node-$NODE_MAJOR-$arch"
node_bin="$prefix/node_modules/node-linux-$arch/bin"
if ! "$node_bin/node" --version 2>/dev/null | grep -q "^v$NODE_MAJOR\."; then
  log "installing Node.js $NODE_MAJOR from the npm registry (node-linux-$arch)"
  rm -rf "$prefix" && mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --no-save "node-linux-$arch@$NODE_MAJOR" >&2
fi
SDK="${FF_COMPAT_SDK:-$(npm view @pulumi/pulumi version)}"

work="$(mktemp -d "${TMPDIR:-/tmp}/ff-compat-XXXXXX")"
trap 'rm -rf "$work"' EXIT
(cd "$REPO" && git ls-files -co --exclude-standard -z | tar --null -cf - -T -) | tar -xf - -C "$work"
cd "$work"
export PATH="$node_bin:$PATH"
log "Node.js $(node --version), @pulumi/pulumi $SDK"
# The lock file's exact tree, then only the SDK (and what it needs) moved to the newest.
npm ci --no-audit --no-fund >&2
npm install --no-save --no-audit --no-fund --prefer-offline "@pulumi/pulumi@$SDK" >&2
[ "$(node -p 'require("@pulumi/pulumi/package.json").version')" = "$SDK" ] || { log "expected @pulumi/pulumi $SDK"; exit 1; }
npx tsc -p tsconfig.json
bash scripts/bootstrap-pulumi.sh >/dev/null
FF_USER_SDK="$SDK" npx vitest run \
  test/engine/smoke.test.ts \
  test/amplitude/lifecycle.test.ts \
  test/installed/user-project.test.ts \
  test/examples/quickstart.test.ts
