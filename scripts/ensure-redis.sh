#!/usr/bin/env bash
# Makes a Redis server reachable for the multi-instance tests and prints its URL on stdout.
# - TEST_REDIS_URL set: use it as is.
# - otherwise: install redis-server from Debian (as root) if missing and start it on 127.0.0.1:REDIS_PORT
#   (default 6379) without systemd, in memory only (no RDB/AOF files).
set -euo pipefail
log() { echo "[redis] $*" >&2; }
port="${REDIS_PORT:-6379}"

if [ -n "${TEST_REDIS_URL:-}" ]; then
  log "using the server given by TEST_REDIS_URL"
  echo "$TEST_REDIS_URL"; exit 0
fi

if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then log "redis-server is not installed and we are not root: install it or set TEST_REDIS_URL"; exit 1; fi
  log "installing redis-server from Debian"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null 2>&1; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  fi
fi

if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
  log "starting redis-server on 127.0.0.1:$port"
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes \
    --dir /tmp --pidfile "/tmp/redis-$port.pid" --logfile "/tmp/redis-$port.log" >/dev/null
  for _ in $(seq 1 40); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.25; done
  redis-cli -p "$port" ping >/dev/null 2>&1 || { log "redis-server did not start"; exit 1; }
fi
echo "redis://127.0.0.1:$port"
