// What a transaction like a report submission's costs on MariaDB, by how its statements reach the server. Not part of
// the tests. CPU (user + system) of this client process and of the local mariadbd per transaction, and transactions/s:
//   query:   each statement its own round trip through mysql2's `query` (text protocol; what TypeORM's runner does);
//   execute: each its own round trip as a server-side prepared statement (mysql2's `execute`, cached per connection);
//   multi:   the whole transaction in one multi-statement `query` (ids passed on in session variables);
//   typeorm: `query`, through TypeORM's data source and `transaction()` as the server runs its statements.
// Eight statements each (BEGIN, three INSERTs, two UPDATEs, one SELECT of the stored times, COMMIT), 10 connections.
//   node bench/mysql-round-trips.mjs [--transactions 2000] [--rounds 2] [--mysql-url mariadb://…]
// The URL defaults to what scripts/ensure-mariadb.sh prints; a scratch database sansui_bench_rt_<time> is dropped after.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { databasePid, mariadbServer, mariadbUrl } from './mariadb-server.mjs';
import { processCpuMs } from './simulator-host.mjs';
import { benchArgs } from './args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'server', 'package.json'));
const mysql = require('mysql2/promise');
const { DataSource } = require('typeorm');
const args = benchArgs();
const N = Number(args.transactions ?? 2000);
const ROUNDS = Number(args.rounds ?? 2);
const C = 10;
const server = mariadbServer(args['mysql-url']);
const database = `sansui_bench_rt_${Date.now()}`;

const databasePidNow = databasePid(mariadbUrl(args['mysql-url']));
/** The local mariadbd's CPU so far (ms), from /proc; NaN when it is not on this machine. */
const databaseCpuMs = () => (databasePidNow ? processCpuMs(databasePidNow) : NaN);
const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const INSERT_R = 'INSERT INTO r (a, b, c) VALUES (?, ?, ?)';
const INSERT_E = 'INSERT INTO e (r, d) VALUES (?, ?)';
const UPDATE_R = 'UPDATE r SET c = ? WHERE id = ?';
const UPDATE_E = 'UPDATE e SET d = ? WHERE id = ?';
const TIMES = 'SELECT r.createdAt AS a, e.createdAt AS b FROM r INNER JOIN e ON e.id = ? WHERE r.id = ?';

/** One submission-like transaction through `run(sql, params)` (answers mysql2's result header or rows). */
async function separate(run, i) {
  const a = await run(INSERT_R, [`x${i}`, 1.5, 0]);
  const b = await run(INSERT_E, [a.insertId, '{"k":1}']);
  await run(INSERT_E, [a.insertId, '{"k":2}']);
  await run(UPDATE_R, [b.insertId, a.insertId]);
  await run(UPDATE_E, ['{"k":3}', b.insertId]);
  await run(TIMES, [b.insertId, a.insertId]);
}

const admin = await mysql.createConnection(server);
await admin.query(`CREATE DATABASE ${database}`);
await admin.query(`USE ${database}`);
await admin.query(
  'CREATE TABLE r (id INT AUTO_INCREMENT PRIMARY KEY, a VARCHAR(64), b DOUBLE, c INT, createdAt DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB',
);
await admin.query(
  'CREATE TABLE e (id INT AUTO_INCREMENT PRIMARY KEY, r INT, d TEXT, createdAt DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB',
);
const pool = mysql.createPool({ ...server, database, connectionLimit: C, multipleStatements: true });
const ds = new DataSource({ type: 'mysql', ...server, username: server.user, database, extra: { connectionLimit: C } });
await ds.initialize();
const onPool = (fn) => async (i) => {
  const c = await pool.getConnection();
  try {
    await fn(c, i);
  } finally {
    c.release();
  }
};
const modes = {
  query: onPool(async (c, i) => {
    await c.query('START TRANSACTION');
    await separate(async (sql, p) => (await c.query(sql, p))[0], i);
    await c.query('COMMIT');
  }),
  execute: onPool(async (c, i) => {
    await c.query('START TRANSACTION');
    await separate(async (sql, p) => (await c.execute(sql, p))[0], i);
    await c.query('COMMIT');
  }),
  multi: onPool((c, i) =>
    c.query(
      'START TRANSACTION; INSERT INTO r (a, b, c) VALUES (?, ?, ?); SET @r = LAST_INSERT_ID(); INSERT INTO e (r, d) VALUES (@r, ?); ' +
        'SET @e = LAST_INSERT_ID(); INSERT INTO e (r, d) VALUES (@r, ?); UPDATE r SET c = @e WHERE id = @r; UPDATE e SET d = ? WHERE id = @e; ' +
        'SELECT r.createdAt AS a, e.createdAt AS b FROM r INNER JOIN e ON e.id = @e WHERE r.id = @r; COMMIT',
      [`x${i}`, 1.5, 0, '{"k":1}', '{"k":2}', '{"k":3}'],
    ),
  ),
  typeorm: (i) => ds.transaction((em) => separate((sql, p) => em.query(sql, p), i)),
};
const results = [];
for (let round = 1; round <= ROUNDS; round++)
  for (const [mode, fn] of Object.entries(modes)) {
    let next = 0;
    const own0 = ownCpuMs();
    const db0 = databaseCpuMs();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: C }, async () => {
        while (next < N) await fn(next++);
      }),
    );
    const ms = performance.now() - t0;
    const per = (v) => Math.round((v / N) * 1000) / 1000;
    results.push({
      round,
      mode,
      clientCpuMsPerTx: per(ownCpuMs() - own0),
      databaseCpuMsPerTx: per(databaseCpuMs() - db0),
      txPerSecond: Math.round((N / ms) * 1000),
    });
  }
await ds.destroy();
await pool.end();
await admin.query(`DROP DATABASE ${database}`);
await admin.end();
console.table(results);
console.log(
  `load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; mariadbd is shared: other clients' work counts in its column`,
);
