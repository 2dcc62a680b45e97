// What SQLite's COMMIT costs a report submission, and what committing several together saves. Not part of the tests.
// better-sqlite3 on a file in a scratch directory (--dir, default the system's temporary directory: the disk the
// server's DATA_DIR lands on in the benches), WAL and synchronous = FULL as the server runs it. Each submission is
// shaped like the server's (three INSERTs, two UPDATEs, the SELECT of the stored times); a group of N runs them in
// one BEGIN … COMMIT, each in a savepoint of its own (server/src/database/sqlite-group-commit.ts); a group of 1 is
// one transaction each. Wall and CPU (user + system) per submission, submissions/s.
//   node bench/sqlite-group-commit.mjs [--submissions 2000] [--groups 1,5,10,1,10] [--dir /tmp]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs } from './args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const Database = createRequire(join(root, 'server', 'package.json'))('better-sqlite3');
const args = benchArgs();
const N = Number(args.submissions ?? 2000);
const dir = mkdtempSync(join(args.dir ?? tmpdir(), 'group-commit-'));
const db = new Database(join(dir, 'bench.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`CREATE TABLE reports (id INTEGER PRIMARY KEY, userId INT, clientRequestId TEXT, description TEXT, caseId INT,
    createdAt TEXT DEFAULT CURRENT_TIMESTAMP);
  CREATE UNIQUE INDEX reports_request ON reports (userId, clientRequestId);
  CREATE TABLE cases (id INTEGER PRIMARY KEY, lat REAL, lng REAL, triage TEXT, createdAt TEXT DEFAULT CURRENT_TIMESTAMP);
  CREATE INDEX cases_place ON cases (lat, lng);
  CREATE TABLE case_events (id INTEGER PRIMARY KEY, caseId INT, data TEXT, createdAt TEXT DEFAULT CURRENT_TIMESTAMP);
  CREATE TABLE photos (id INTEGER PRIMARY KEY, reportId INT, caseId INT);`);
db.transaction(() => {
  for (let i = 0; i < 20_000; i++) db.prepare('INSERT INTO photos (reportId) VALUES (NULL)').run();
})();
const s = {
  report: db.prepare('INSERT INTO reports (userId, clientRequestId, description, caseId) VALUES (?, ?, ?, 0)'),
  case: db.prepare('INSERT INTO cases (lat, lng, triage) VALUES (?, ?, ?)'),
  event: db.prepare('INSERT INTO case_events (caseId, data) VALUES (?, ?)'),
  reportCase: db.prepare('UPDATE reports SET caseId = ? WHERE id = ?'),
  photo: db.prepare('UPDATE photos SET reportId = ?, caseId = ? WHERE id = ?'),
  times: db.prepare(
    'SELECT r.createdAt AS report, e.createdAt AS submit FROM reports r INNER JOIN case_events e ON e.id = ? WHERE r.id = ?',
  ),
};
let k = 0;
function submission() {
  const i = k++;
  const reportId = s.report.run(1, `bench-${i}`, '路边有垃圾'.repeat(10)).lastInsertRowid;
  const caseId = s.case.run(30 + i * 1e-6, 120, JSON.stringify({ duplicates: [], routing: { departmentId: 1 } })).lastInsertRowid;
  const eventId = s.event.run(caseId, JSON.stringify({ reportId, source: 'miniapp' })).lastInsertRowid;
  s.reportCase.run(caseId, reportId);
  s.photo.run(reportId, caseId, (i % 20_000) + 1);
  s.times.get(eventId, reportId);
}

const results = [];
for (const group of (args.groups ?? '1,5,10,1,10').split(',').map(Number)) {
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  for (let done = 0; done < N; done += group) {
    db.exec('BEGIN');
    for (let j = 0; j < group; j++) {
      if (group > 1) db.exec('SAVEPOINT grouped');
      submission();
      if (group > 1) db.exec('RELEASE grouped');
    }
    db.exec('COMMIT');
  }
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  results.push({
    group,
    wallMsPerSubmission: +(wallMs / N).toFixed(3),
    cpuMsPerSubmission: +((cpu.user + cpu.system) / 1000 / N).toFixed(3),
    submissionsPerSecond: Math.round((N / wallMs) * 1000),
  });
}
db.close();
rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({ when: new Date().toISOString(), load: (await import('node:os')).loadavg().map((l) => +l.toFixed(2)), results }, null, 1),
);
