// CPU of one audit entry appended in its own transaction (AuditService.record: the chain head read, the entry, the
// head's update), on a scratch database through the migrations, for two builds side by side (docs/performance.md
// "Audit entries, sixteenth round"). Not part of the tests. From the repository root:
//   node bench/audit-record.mjs --dist server/dist [--baseline-dist server/dist-main] [--mysql-url mariadb://user:pass@host:port]
// Without --mysql-url an SQLite file in a temporary folder; with it a scratch database sansui_audit_bench_<pid> there. Prints µs of this process's CPU per entry in three rounds of
// 1,000 (after 300 to warm up), and the chain's verification.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs } from './args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'server', 'package.json'));
require('reflect-metadata');
const { DataSource } = require('typeorm');
const args = benchArgs();

async function measure(dist) {
  const from = (m) => require(resolve(root, dist, m));
  const { databaseOptions } = from('database/database-options.js');
  const { Transactions } = from('database/transactions.js');
  const { AuditService } = from('audit/audit.service.js');
  const { createScratchMysqlDatabase } = from('database/scratch-mysql.js');
  const scratch = args['mysql-url'] ? await createScratchMysqlDatabase(args['mysql-url'], `sansui_audit_bench_${process.pid}`) : null;
  const folder = scratch ? null : mkdtempSync(join(tmpdir(), 'audit-bench-'));
  const db = scratch ? { type: 'mysql', url: scratch.url } : { type: 'sqlite', path: join(folder, 'audit.sqlite') };
  const ds = await new DataSource({ ...databaseOptions(db), logging: ['error'] }).initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    const tx = new Transactions(ds);
    const audit = new AuditService(ds, tx);
    await audit.onModuleInit();
    const record = (i) =>
      tx.run((em) =>
        audit.record(em, {
          actorUserId: 1,
          action: 'case.accept',
          targetType: 'case',
          targetId: i,
          data: { from: 'submitted', to: 'accepted' },
        }),
      );
    for (let i = 0; i < 300; i++) await record(i);
    const rounds = [];
    for (let round = 0; round < 3; round++) {
      const before = process.cpuUsage();
      for (let i = 0; i < 1000; i++) await record(i);
      const used = process.cpuUsage(before);
      rounds.push(Math.round((used.user + used.system) / 1000));
    }
    const chain = await audit.verify();
    return { dist, microsecondsPerEntry: rounds, chainOk: chain.ok, entries: chain.checked };
  } finally {
    await ds.destroy();
    await scratch?.drop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  }
}

// Each build in a process of its own (two builds' entity classes in one process would share TypeORM's metadata).
if (args.only) console.log(JSON.stringify(await measure(args.only)));
else
  for (const dist of [...(args['baseline-dist'] ? [args['baseline-dist']] : []), args.dist ?? 'server/dist']) {
    const own = ['--only', dist, ...(args['mysql-url'] ? ['--mysql-url', args['mysql-url']] : [])];
    execFileSync(process.execPath, [fileURLToPath(import.meta.url), ...own], { stdio: 'inherit' });
  }
