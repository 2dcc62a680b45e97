// The MariaDB server a bench connects to: --mysql-url when given, else the one scripts/ensure-mariadb.sh starts or
// names (it uses TEST_MYSQL_URL / DATABASE_URL when set).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/**
 * Creates database `name` on `server` (mariadbServer's options) and runs this build's migrations on it
 * (server/dist/database/cli.js migrate): a bench's scratch database with the product's schema and triggers.
 */
export async function createMigratedDatabase(admin, server, name) {
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const { user, password, host, port } = server;
  execFileSync(process.execPath, [join(root, 'server/dist/database/cli.js'), 'migrate'], {
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      DATABASE_URL: `mariadb://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${name}`,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * The pid of the local MariaDB/MySQL server the URL names, or null (another host, or not found): among the processes
 * of that name, the one started with the URL's port (`--port`, 3306 when not given), as several may run side by side.
 */
export function databasePid(url) {
  const u = new URL(url);
  if (!['127.0.0.1', 'localhost'].includes(u.hostname)) return null;
  const port = Number(u.port || 3306);
  for (const name of ['mariadbd', 'mysqld']) {
    let pids;
    try {
      pids = execFileSync('pgrep', ['-x', name]).toString().trim().split('\n').map(Number);
    } catch {
      continue; // not running under this name
    }
    const found = pids.find((pid) => portOf(pid) === port);
    if (found) return found;
  }
  return null;
}

/** The port a database server was started with (`--port=N` or `--port N`), 3306 when its command line gives none. */
function portOf(pid) {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    for (let i = 0; i < args.length; i++) {
      if (args[i].startsWith('--port=')) return Number(args[i].slice('--port='.length));
      if (args[i] === '--port' || args[i] === '-P') return Number(args[i + 1]);
    }
    return 3306;
  } catch {
    return NaN; // gone
  }
}
