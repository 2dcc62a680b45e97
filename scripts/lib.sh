# Shared helpers for start.sh and test.sh. Source it from the repository root.
export npm_config_nodedir="${npm_config_nodedir:-/usr}"   # node-gyp (better-sqlite3) builds against the local Node headers
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
PNPM_VERSION=10.34.9

say() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

ensure_pnpm() {
  if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then return; fi
  say "installing pnpm $PNPM_VERSION"
  if ! npm install -g "pnpm@$PNPM_VERSION" >/dev/null 2>&1; then
    COREPACK_INTEGRITY_KEYS=0 corepack prepare "pnpm@$PNPM_VERSION" --activate
  fi
}

install_deps() {
  say "installing dependencies (pnpm install)"
  pnpm install --frozen-lockfile --reporter=append-only 2>&1 | grep -vE '^\s*(Progress|\+|\.\.\.)' | tail -n 15 || { echo "pnpm install failed" >&2; exit 1; }
}

# Builds a package only when its sources changed since the last build (stamp = hash of the inputs).
build_cached() {
  local name="$1" dir="$2" script="$3"; shift 3
  local stamp="$dir/.build-stamp-$script"
  local hash
  hash=$(cd "$dir" && find "$@" -type f -not -path '*/node_modules/*' -not -path '*/dist*' -not -path '*/e2e/artifacts/*' 2>/dev/null | sort | xargs sha1sum 2>/dev/null | sha1sum | cut -c1-40)
  hash="$hash-$(sha1sum shared/src/**/*.ts 2>/dev/null | sha1sum | cut -c1-12)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then echo "  $name: up to date" >&2; return; fi
  say "building $name ($script)"
  (cd "$dir" && pnpm run "$script") >&2 || { echo "!! build of $name failed" >&2; return 1; }
  echo "$hash" > "$stamp"
}

# Every package is built even when one fails (one run shows everything); the status says whether all did.
build_all() {
  shopt -s globstar
  local status=0
  build_cached shared shared build src package.json tsconfig.json tsconfig.cjs.json tsconfig.esm.json || status=1
  build_cached server server build src scripts package.json tsconfig.json tsconfig.build.json || status=1
  build_cached admin server/admin build src index.html package.json vite.config.ts tsconfig.json || status=1
  build_cached "H5 mini-program" miniapp build:h5 src config package.json babel.config.js tsconfig.json || status=1
  return $status
}
