// What MariaDB did over one bench phase, per report (bench/run.mjs --digests): the statement digests of the bench's
// database (performance_schema must be on: a private mariadbd, see docs/performance.md) and the server's Handler_*
// and Innodb_rows_* counters. A trigger's statements are counted in the statement that fired it (its time, its
// rows), not as digests of their own; the handler counters include them.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mysqlOptions } from './mariadb-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'server', 'package.json'));

const COUNTERS = /^(Handler_(read|write|update|delete)|Innodb_rows_|Com_(insert|update|select|delete|begin|commit)$|Questions$)/;

async function counters(conn) {
  const [rows] = await conn.query(`SHOW GLOBAL STATUS`);
  return Object.fromEntries(rows.filter((r) => COUNTERS.test(r.Variable_name)).map((r) => [r.Variable_name, Number(r.Value)]));
}

/** Starts the count: empties the digest table and reads the counters. `finish(reports)` gives the table per report. */
export async function startDigests(url, database) {
  const mysql = require('mysql2/promise');
  const { database: _ignored, ...server } = mysqlOptions(url);
  const conn = await mysql.createConnection(server);
  await conn.query('TRUNCATE performance_schema.events_statements_summary_by_digest');
  const before = await counters(conn);
  return async function finish(reports) {
    const after = await counters(conn);
    const [rows] = await conn.query(
      `SELECT DIGEST_TEXT AS text, COUNT_STAR AS n, SUM_TIMER_WAIT / 1e9 AS ms, SUM_LOCK_TIME / 1e9 AS lockMs,
              SUM_ROWS_EXAMINED AS examined, SUM_ROWS_SENT AS sent, SUM_ROWS_AFFECTED AS affected,
              SUM_CREATED_TMP_TABLES AS tmp, SUM_NO_INDEX_USED AS noIndex
         FROM performance_schema.events_statements_summary_by_digest WHERE SCHEMA_NAME = ? ORDER BY SUM_TIMER_WAIT DESC`,
      [database],
    );
    await conn.end();
    const per = (x) => Math.round((Number(x) / reports) * 1000) / 1000;
    return {
      reports,
      countersPerReport: Object.fromEntries(
        Object.keys(after)
          .map((k) => [k, per(after[k] - (before[k] ?? 0))])
          .filter(([, v]) => v),
      ),
      statementsPerReport: rows.map((r) => ({
        statement: String(r.text).replace(/\s+/g, ' ').slice(0, 140),
        calls: per(r.n),
        ms: per(r.ms),
        lockMs: per(r.lockMs),
        rowsExamined: per(r.examined),
        rowsSent: per(r.sent),
        rowsAffected: per(r.affected),
        tmpTables: per(r.tmp),
        noIndex: per(r.noIndex),
      })),
    };
  };
}
