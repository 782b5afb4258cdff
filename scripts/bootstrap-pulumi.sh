#!/usr/bin/env bash
# Makes a Pulumi engine available without the Pulumi download site.
#
# Prints the directory whose bin/ holds `pulumi`, `pulumi-resource-pulumi-nodejs` and, when it could be
# built, `pulumi-language-nodejs` (the layout PulumiCommand.get({ root }) expects) as its last stdout line.
#
# Order of preference:
#   1. PULUMI_ROOT, if set and its bin/pulumi is new enough;
#   2. a `pulumi` on PATH or in ~/.pulumi/bin that is new enough;
#   3. the cache ($FF_PULUMI_CACHE, default ~/.cache/pulumi-feature-flags), built once from the Go module proxy.
# Progress goes to stderr so callers can capture stdout.
set -euo pipefail

VERSION="${FF_PULUMI_VERSION:-v3.259.0}"
MIN_VERSION="3.181.0" # inline refresh/destroy through the Automation API need at least this
CACHE="${FF_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-feature-flags}"
ROOT="$CACHE/pulumi-$VERSION"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHIM="$REPO/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"

log() { printf '[pulumi-bootstrap] %s\n' "$*" >&2; }
die() { printf '[pulumi-bootstrap] error: %s\n' "$*" >&2; exit 1; }

version_ok() { # $1 = path to a pulumi binary
  local v
  v="$("$1" version 2>/dev/null | sed 's/^v//')" || return 1
  [ -n "$v" ] || return 1
  [ "$(printf '%s\n%s\n' "$MIN_VERSION" "${v%%-*}" | sort -V | head -n1)" = "$MIN_VERSION" ]
}

install_shim() { # $1 = root; the dynamic-provider plugin must sit next to the CLI
  [ -f "$SHIM" ] || die "missing $SHIM: run 'npm ci' first"
  mkdir -p "$1/bin"
  cp "$SHIM" "$1/bin/" && chmod +x "$1/bin/pulumi-resource-pulumi-nodejs"
}

link_root() { # $1 = directory holding an existing pulumi binary; make a root with the shim beside it
  local dir="$1" root="$CACHE/ambient"
  mkdir -p "$root/bin"
  for f in "$dir"/pulumi*; do ln -sf "$f" "$root/bin/$(basename "$f")"; done
  install_shim "$root"
  echo "$root"
}

if [ -n "${PULUMI_ROOT:-}" ] && [ -x "$PULUMI_ROOT/bin/pulumi" ] && version_ok "$PULUMI_ROOT/bin/pulumi"; then
  log "using PULUMI_ROOT=$PULUMI_ROOT"; install_shim "$PULUMI_ROOT"; echo "$PULUMI_ROOT"; exit 0
fi
if [ -x "$ROOT/bin/pulumi" ] && version_ok "$ROOT/bin/pulumi"; then
  install_shim "$ROOT"; log "cached $("$ROOT/bin/pulumi" version) in $ROOT"; echo "$ROOT"; exit 0
fi
for candidate in "$(command -v pulumi 2>/dev/null || true)" "$HOME/.pulumi/bin/pulumi"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ] && version_ok "$candidate"; then
    log "using installed $("$candidate" version) at $candidate"
    link_root "$(dirname "$(readlink -f "$candidate")")"; exit 0
  fi
done

command -v go >/dev/null 2>&1 || die "no Pulumi CLI >= $MIN_VERSION found and no Go toolchain to build one.
Install Pulumi the usual way (https://www.pulumi.com/docs/install/, e.g. 'curl -fsSL https://get.pulumi.com | sh')
or install Go >= 1.25 and run this again; or set PULUMI_ROOT to a directory whose bin/ holds 'pulumi'."

export GOTOOLCHAIN=local GOFLAGS="-trimpath -mod=mod" CGO_ENABLED=0
# The proxy serves the modules but the checksum database may be out of reach.
export GONOSUMDB="${GONOSUMDB:-github.com/pulumi/pulumi}" GOFLAGS_BUILD="-tags=osusergo,grpcnotrace"
LDFLAGS="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$VERSION"
WORK="$(mktemp -d)"; trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
mkdir -p "$ROOT/bin"
start=$(date +%s)

# A module whose go.mod has local replaces cannot be built with `go install mod@version`:
# copy it, drop the replace, and build it as the main module so its own go.sum pins every dependency.
fetch_copy() { # $1 = module@version, $2 = destination; `go mod download -json` reports errors in its JSON
  local json dir
  json="$(go mod download -json "$1" 2>&1 || true)"
  dir="$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  if [ -z "$dir" ] || [ ! -d "$dir" ]; then
    printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Error": "\(.*\)"$/\1/p' | sed 's/\\n\\t/ /g' >&2
    return 1
  fi
  cp -r "$dir" "$2" && chmod -R u+w "$2"
}

retry() { # the proxy occasionally refuses a module once and serves it on the next request
  local n
  for n in 1 2 3; do "$@" && return 0; log "attempt $n failed; retrying"; sleep $((n * 5)); done
  return 1
}

log "building pulumi $VERSION from the Go module proxy (first run only; several minutes on 2 cores)"
log "step 1/3: fetching github.com/pulumi/pulumi/pkg/v3@$VERSION"
retry fetch_copy "github.com/pulumi/pulumi/pkg/v3@$VERSION" "$WORK/pkg" || die "the Go module proxy did not serve github.com/pulumi/pulumi/pkg/v3@$VERSION"
(
  cd "$WORK/pkg"
  go mod edit -dropreplace=github.com/pulumi/pulumi/sdk/v3
  go mod edit -require="github.com/pulumi/pulumi/sdk/v3@$VERSION"
  log "step 2/3: downloading dependencies"
  # The proxy refuses the .info of one pseudo-versioned dependency (gocloud.dev) yet serves its module to
  # `go build`: a failure here is expected and only means the build fetches the rest itself.
  go mod download 2>/dev/null || log "some module metadata was refused; go build fetches what it needs"
  log "step 3/3: compiling ./cmd/pulumi"
  retry go build $GOFLAGS_BUILD -ldflags "$LDFLAGS" -o "$ROOT/bin/pulumi.tmp" ./cmd/pulumi
) || die "building pulumi failed (see above)"
mv "$ROOT/bin/pulumi.tmp" "$ROOT/bin/pulumi"
log "built $("$ROOT/bin/pulumi" version) in $(( $(date +%s) - start ))s"

# The language host is a separate, untagged module: it is only reachable as a pseudo-version of the
# commit the CLI's tag points at, and the sdk/v3 zip leaves it out (it has its own go.mod). Without it,
# only inline Automation API programs can run; stack directories need a normally installed Pulumi.
commit="$(go mod download -json "github.com/pulumi/pulumi/pkg/v3@$VERSION" | sed -n 's/^[[:space:]]*"Hash": "\([0-9a-f]\{12\}\).*/\1/p')"
LANG_MOD="github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3"
log "building pulumi-language-nodejs from $LANG_MOD@$commit"
if fetch_copy "$LANG_MOD@$commit" "$WORK/lang" 2>"$WORK/lang.err"; then
  if (
    cd "$WORK/lang"
    go mod edit -dropreplace=github.com/pulumi/pulumi/pkg/v3 -dropreplace=github.com/pulumi/pulumi/sdk/v3 \
      -require="github.com/pulumi/pulumi/pkg/v3@$VERSION" -require="github.com/pulumi/pulumi/sdk/v3@$VERSION"
    go mod tidy >&2
    go build $GOFLAGS_BUILD -ldflags "$LDFLAGS" -o "$ROOT/bin/pulumi-language-nodejs" .
  ); then log "built pulumi-language-nodejs"
  else log "warning: pulumi-language-nodejs did not build; only inline Automation API programs will run"; fi
else
  log "warning: the proxy did not serve $LANG_MOD@$commit: $(tr '\n' ' ' <"$WORK/lang.err")"
  log "warning: only inline Automation API programs will run with this CLI (see README, 'Pulumi engine')"
fi

install_shim "$ROOT"
log "done in $(( $(date +%s) - start ))s; cache $(du -sh "$ROOT" | cut -f1) at $ROOT"
echo "$ROOT"
