#!/usr/bin/env bash
# Browser tests: starts the built server with demo data on a fresh SQLite file, then runs the admin panel's
# and the H5 mini-program's playwright suites against it in Debian's Chromium. Results (jest/vitest JSON)
# go to the folder given as $1. Screenshots land in server/admin/e2e/artifacts and miniapp/e2e/artifacts.
set -uo pipefail
cd "$(dirname "$0")/.."
RESULTS="${1:-$PWD/.test-results}"
mkdir -p "$RESULTS"

PORT="${E2E_PORT:-3310}"
DATA=$(mktemp -d /tmp/sansui-e2e-XXXXXX)
export HOME_FOR_CHROMIUM="$DATA/home"; mkdir -p "$HOME_FOR_CHROMIUM"
PORT=$PORT HOST=127.0.0.1 DATA_DIR="$DATA" DEMO_DATA=true LOG_LEVEL=warn RATE_LIMIT_PER_MINUTE=100000 \
  WECHATPAY_SIM_CALLBACK_DELAY_MS=50 node server/dist/main.js > "$DATA/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null; rm -rf "$DATA"' EXIT

# The demo seeds before the server listens: about 15 s on a quiet 2-core machine, a minute at load 25.
for _ in $(seq 1 360); do
  curl -sf "http://127.0.0.1:$PORT/api/health" >/dev/null && break
  kill -0 $SERVER_PID 2>/dev/null || { echo "server died:"; tail -50 "$DATA/server.log"; exit 1; }
  sleep 0.5
done
curl -sf "http://127.0.0.1:$PORT/api/health" >/dev/null || { echo "server did not become healthy"; tail -50 "$DATA/server.log"; exit 1; }

status=0
export E2E_BASE_URL="http://127.0.0.1:$PORT"
for pkg in server/admin miniapp; do
  if grep -q '"test:e2e"' "$pkg/package.json" 2>/dev/null; then
    name=$(basename "$pkg")
    echo "-- browser tests: $pkg"
    (cd "$pkg" && HOME="$HOME_FOR_CHROMIUM" E2E_RESULTS_FILE="$RESULTS/e2e-$name.json" ADMIN_E2E_BASE_URL="$E2E_BASE_URL" pnpm run test:e2e) || status=1
  fi
done
[ $status -eq 0 ] || { echo "-- server log (tail)"; tail -40 "$DATA/server.log"; }
exit $status
