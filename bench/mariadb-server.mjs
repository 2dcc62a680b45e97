// The MariaDB server a bench connects to: --mysql-url when given, else the one scripts/ensure-mariadb.sh starts or names.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Connection options for mysql2 (no database): host, port, user, password. */
export function mariadbServer(mysqlUrl) {
  const raw =
    mysqlUrl ??
    execFileSync('bash', [join(root, 'scripts', 'ensure-mariadb.sh')])
      .toString()
      .trim();
  const url = new URL(raw.replace(/^mariadb:/, 'mysql:'));
  return {
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}
