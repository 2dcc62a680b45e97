#!/usr/bin/env bash
# Installs everything and starts the whole product on the embedded SQLite default with demo data:
# the API, its docs, the admin panel (/admin) and the H5 mini-program (/h5) on one port.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_pnpm
install_deps
build_all

export PORT="${PORT:-3000}"
export DATA_DIR="${DATA_DIR:-$PWD/data}"
export DEMO_DATA="${DEMO_DATA:-true}"
export NODE_ENV="${NODE_ENV:-development}"
# glibc gives each thread that allocates its own malloc arena (up to 8 per core); photo processing in libuv's
# threads then holds ~45 MB more RSS than with 2 (docs/reliability.md, "RSS and photo processing").
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

cat <<INFO

三随 is starting on port $PORT (data in $DATA_DIR; delete that folder to start over)
  H5 居民端      http://127.0.0.1:$PORT/h5/
  管理后台       http://127.0.0.1:$PORT/admin/
  API           http://127.0.0.1:$PORT/api/v1
  API 文档       http://127.0.0.1:$PORT/api/docs
  Demo logins (password demo-pass-2026): demo-admin, demo-dispatcher, demo-dispatcher2, demo-auditor,
  demo-auditor2, demo-inspector, demo-handler-<department code> (e.g. demo-handler-sanitation-xihu)
  Residents in the H5 app log in through the WeChat simulator automatically.

INFO
exec node server/dist/main.js
