#!/usr/bin/env bash
# Runs every test: unit, integration on the embedded SQLite AND on a real MariaDB (installed from Debian
# and started here when none is reachable; or DATABASE_URL / TEST_MYSQL_URL), migration drift, the UI
# builds and their tests, and the browser tests in Debian's Chromium against the real server.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
set -e

RESULTS="$PWD/.test-results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
failed_steps=()
step() { # step <name> <command…>: runs it, remembers a failure, goes on so one run shows everything
  local name="$1"; shift
  say "$name"
  if ! "$@"; then failed_steps+=("$name"); echo "!! step failed: $name" >&2; fi
}

ensure_pnpm
install_deps

ensure_chromium() {
  if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then return; fi
  if [ "$(id -u)" != 0 ]; then echo "chromium missing and not root: apt-get install chromium fonts-noto-cjk" >&2; return 1; fi
  say "installing chromium and CJK fonts from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null 2>&1 || {
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }
}
ensure_chromium

set +e
step "format (Prettier)" npx prettier --check --log-level warn "**/*.{ts,tsx,mjs,js,cjs}"
step "build" build_all
# Type-aware, so after the build: the packages see shared's types through its dist.
step "lint (ESLint)" npx eslint .
# The builds leave tests out and Taro/jest do not type-check: check every package, tests included.
step "typecheck (server with its tests, mini-program)" bash -c "(cd server && npx tsc -p tsconfig.json --noEmit) && (cd miniapp && npx tsc -p tsconfig.json --noEmit)"
MYSQL_URL=$(bash scripts/ensure-mariadb.sh) || { failed_steps+=("mariadb"); MYSQL_URL=""; }
# Redis for the multi-instance tests (shared rate limits, cache invalidation across instances).
export TEST_REDIS_URL
TEST_REDIS_URL=$(bash scripts/ensure-redis.sh) || { failed_steps+=("redis"); TEST_REDIS_URL=""; }

jest_run() { # jest_run <label> <dir> [args…]
  local label="$1" dir="$2"; shift 2
  (cd "$dir" && npx jest --ci --json --outputFile="$RESULTS/jest-$label.json" "$@")
}

step "shared: unit tests" jest_run shared shared
step "server: unit + integration on SQLite" env TEST_DB=sqlite bash -c "cd server && npx jest --ci --json --outputFile='$RESULTS/jest-server-sqlite.json' --testPathIgnorePatterns crash"
if [ -n "$MYSQL_URL" ]; then
  step "server: integration on MariaDB" env TEST_DB=mysql TEST_MYSQL_URL="$MYSQL_URL" bash -c "cd server && npx jest --ci --json --outputFile='$RESULTS/jest-server-mysql.json' --testPathPatterns 'int-spec'"
  step "server: migrations match the entities (MariaDB)" env DATABASE_URL="$MYSQL_URL" node server/dist/database/cli.js check
fi
step "server: migrations match the entities (SQLite)" env DATABASE_URL= node server/dist/database/cli.js check
step "docs: docs/api.md endpoint and error tables match the code" node scripts/gen-api-doc.mjs --check
step "bench: the soak's growth verdict fails on a leak, passes a plateau" node --test bench/soak-verdict.test.mjs

if [ -f miniapp/jest.config.js ] || [ -f miniapp/jest.config.cjs ]; then
  step "miniapp: component tests" jest_run miniapp miniapp
fi
if [ -d miniapp/src ]; then
  step "miniapp: weapp build" bash -c "cd miniapp && pnpm run build:weapp >/dev/null && node scripts/check-weapp.mjs"
fi
if [ -f miniapp/e2e/smoke.mjs ]; then
  # The offline-draft flow needs a server that fails on demand: the H5 suite's own in-memory mock.
  step "miniapp: H5 in Chromium against the mock server" env -u E2E_BASE_URL E2E_RESULTS_FILE="$RESULTS/e2e-miniapp-mock.json" bash -c "cd miniapp && node e2e/smoke.mjs"
fi
if [ -d server/admin/src ]; then
  step "admin: unit tests" bash -c "cd server/admin && npx vitest run --reporter=default --reporter=json --outputFile.json='$RESULTS/vitest-admin.json'"
fi
if [ -f scripts/e2e.sh ]; then
  step "browser tests (admin + H5) against the demo server" bash scripts/e2e.sh "$RESULTS"
fi

node scripts/summarize-results.mjs "$RESULTS" "${#failed_steps[@]}"
status=$?
if [ "${#failed_steps[@]}" -gt 0 ]; then
  printf '\nFailed steps:\n' >&2; printf '  - %s\n' "${failed_steps[@]}" >&2
  exit 1
fi
exit $status
