// The MariaDB server a bench connects to: --mysql-url when given, else the one scripts/ensure-mariadb.sh starts or
// names (it uses TEST_MYSQL_URL / DATABASE_URL when set).
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The URL to use: the one given, else the one ensure-mariadb.sh prints. */
export function mariadbUrl(given) {
  return (
    given ??
    execFileSync('bash', [join(root, 'scripts', 'ensure-mariadb.sh')])
      .toString()
      .trim()
  );
}

/** mysql2 connection options of a `mariadb://` or `mysql://` URL: host, port, user, password, database. */
export function mysqlOptions(url) {
  const u = new URL(url.replace(/^mariadb:/, 'mysql:'));
  return {
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.slice(1),
  };
}

/** Connection options for mysql2 without a database: host, port, user, password. */
export function mariadbServer(given) {
  const { database: _database, ...server } = mysqlOptions(mariadbUrl(given));
  return server;
}
