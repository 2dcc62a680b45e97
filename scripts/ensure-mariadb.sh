#!/usr/bin/env bash
# Makes a MariaDB/MySQL server reachable for the integration tests and prints its URL on stdout.
# - TEST_MYSQL_URL or DATABASE_URL set and reachable: use it as is.
# - otherwise: install mariadb-server from Debian (as root) if missing, start it on 127.0.0.1:3306
#   without systemd, and create the user sansui/sansui with rights on sansui_% databases.
set -euo pipefail
log() { echo "[mariadb] $*" >&2; }

url="${TEST_MYSQL_URL:-${DATABASE_URL:-}}"
if [ -n "$url" ]; then
  log "using the server given by TEST_MYSQL_URL/DATABASE_URL"
  echo "$url"; exit 0
fi

if ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ]; then
  if [ "$(id -u)" != 0 ]; then log "mariadb-server is not installed and we are not root: install it or set TEST_MYSQL_URL"; exit 1; fi
  log "installing mariadb-server from Debian"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server >/dev/null 2>&1; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server >/dev/null
  fi
fi

if ! mariadb-admin ping --silent >/dev/null 2>&1; then
  log "starting mariadbd on 127.0.0.1:3306"
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
  if [ ! -d /var/lib/mysql/mysql ]; then mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null; fi
  start-stop-daemon --start --background --chuid mysql --exec /usr/sbin/mariadbd -- \
    --bind-address=127.0.0.1 --port=3306 --innodb-flush-log-at-trx-commit=2 --max-connections=500 --skip-log-bin >/dev/null
  for _ in $(seq 1 60); do mariadb-admin ping --silent >/dev/null 2>&1 && break; sleep 0.5; done
  mariadb-admin ping --silent >/dev/null 2>&1 || { log "mariadbd did not start"; exit 1; }
fi

mariadb -uroot <<'SQL'
CREATE USER IF NOT EXISTS 'sansui'@'localhost' IDENTIFIED BY 'sansui';
CREATE USER IF NOT EXISTS 'sansui'@'127.0.0.1' IDENTIFIED BY 'sansui';
GRANT ALL PRIVILEGES ON `sansui\_%`.* TO 'sansui'@'localhost';
GRANT ALL PRIVILEGES ON `sansui\_%`.* TO 'sansui'@'127.0.0.1';
CREATE DATABASE IF NOT EXISTS sansui_test CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
FLUSH PRIVILEGES;
SQL
echo "mariadb://sansui:sansui@127.0.0.1:3306/sansui_test"
