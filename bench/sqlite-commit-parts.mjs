// What SQLite's COMMIT of the grouped submissions is made of, and what the checkpoint settings change. Not part of the
// tests. One migrated database (the server's migrations: every index and trigger of cases) with `--base` cases, copied
// once per arm; then, arm after arm in alternating rounds, `--n` submission-shaped writes a round (the case with its
// text, the report, the event, the report's caseId; the server's group of `--group` in one BEGIN … COMMIT, each in a
// savepoint as database/sqlite-group-commit.ts runs them), synchronous = FULL set explicitly as the server now does.
// Per arm: CPU (user + system of this process, the fsyncs' kernel work included) per report, WAL frames per commit
// (the WAL's frame counter before and after each commit), checkpoints per 1,000 reports (the WAL restarted).
//   node bench/sqlite-commit-parts.mjs [--n 1000] [--rounds 4] [--base 100000] [--group 4] [--arms auto1000,…] [--reads]
// Arms: auto<N> (wal_autocheckpoint = N pages, in the COMMIT that crosses it), passive<K> (autocheckpoint off, a PASSIVE
// checkpoint after every K commits, its CPU counted), none (autocheckpoint off: the WAL only grows), normal (synchronous
// = NORMAL, autocheckpoint 1000: what the fsyncs cost; not a setting the server may run).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, openSync, readSync, closeSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const Database = createRequire(join(root, 'server', 'package.json'))('better-sqlite3');
const { values: a } = parseArgs({
  options: {
    n: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '4' },
    base: { type: 'string', default: '100000' },
    group: { type: 'string', default: '4' },
    // The finder's read before each submission too (what the server does between its commits).
    reads: { type: 'boolean', default: false },
    arms: { type: 'string', default: 'auto1000,auto10000,passive100,none,normal' },
    // The start after a crash: the WAL left at these many frames (a process killed with its WAL unmerged), then the
    // wall and CPU of a new process's open and first read (SQLite rebuilds its WAL index from the whole file).
    restart: { type: 'string', default: '1000,10000' },
    // Internal: a child that fills the WAL and kills itself, or one that opens and reads once.
    worker: { type: 'string' },
    file: { type: 'string' },
  },
});
if (a.worker === 'open') {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  new Database(a.file).prepare('SELECT COUNT(*) FROM reports').get();
  const c = process.cpuUsage(c0);
  console.log(JSON.stringify({ ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 }));
  process.exit(0);
} else if (a.worker) {
  const db = new Database(a.file);
  db.pragma('synchronous = FULL');
  db.pragma('wal_autocheckpoint = 0');
  const insert = db.prepare(`INSERT INTO case_events (caseId, action, data, createdAt) VALUES (1, 'note', ?, '2026-12-08')`);
  const frames = () => (statSync(`${a.file}-wal`).size - 32) / (4096 + 24);
  while (frames() < Number(a.worker)) db.transaction(() => insert.run('x'.repeat(3000)))();
  process.kill(process.pid, 'SIGKILL');
}
const N = Number(a.n);
const BASE = Number(a.base);
const GROUP = Number(a.group);
const ARMS = a.arms.split(',').filter(Boolean);
const CATEGORIES = ['exposed_garbage', 'illegal_parking', 'road_damage', 'overflowing_bin'];
const STATUSES = ['submitted', 'accepted', 'dispatched', 'in_progress', 'resolved', 'closed'];
const ROADS = ['人民路', '解放路', '中山北路', '世纪大道', '滨江路', '长江路', '黄河路', '建设路'];
const load = () => loadavg()[0].toFixed(1);

const dir = mkdtempSync(join(tmpdir(), 'sansui-commit-'));
try {
  execFileSync(process.execPath, [join(root, 'server/dist/database/cli.js'), 'migrate'], {
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: dir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = join(dir, 'sansui.sqlite');
  const db = new Database(base);
  const at = (secs) => `strftime('%Y-%m-%d %H:%M:%f', '2026-01-01 00:00:00', '+' || (${secs}) || ' seconds')`;
  const created = `(j * ${330 * 86400} / ${BASE})`;
  const pick = (list) => `CASE j % ${list.length} ${list.map((x, i) => `WHEN ${i} THEN '${x}'`).join(' ')} END`;
  db.exec(`INSERT INTO cases (status, kind, source, categoryCode, departmentId, gridId, lat, lng, cellKey, primaryReportId,
      slaHours, dispatchedAt, deadline, flagged, version, createdAt, updatedAt, description, address)
    SELECT ${pick(STATUSES)}, 'snap', 'miniapp', ${pick(CATEGORIES)}, j % 30 + 1, j % 40 + 1, 30.2 + (j % 997) * 1e-4,
      120.1 + (j % 991) * 1e-4, 'wtmkn' || (j % 50), j + 1, 4, ${at(`${created} + 3600`)}, ${at(`${created} + 18000`)},
      0, 1, ${at(created)}, ${at(created)}, '垃圾堆放，位于' || ${pick(ROADS)} || (j % 300) || '号附近',
      ${pick(ROADS)} || (j % 300) || '号'
    FROM (WITH RECURSIVE n(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM n WHERE j < ${BASE - 1}) SELECT j FROM n)`);
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();

  const arms = ARMS.map((name) => {
    const file = join(dir, `${name}.sqlite`);
    copyFileSync(base, file);
    const conn = new Database(file);
    conn.pragma(`synchronous = ${name === 'normal' ? 'NORMAL' : 'FULL'}`);
    conn.pragma('journal_mode = WAL');
    const auto = name.startsWith('auto') ? Number(name.slice(4)) : name === 'normal' ? 1000 : 0;
    conn.pragma(`wal_autocheckpoint = ${auto}`);
    const every = name.startsWith('passive') ? Number(name.slice(7)) : 0;
    const s = {
      begin: conn.prepare('BEGIN'),
      commit: conn.prepare('COMMIT'),
      savepoint: conn.prepare('SAVEPOINT grouped'),
      release: conn.prepare('RELEASE grouped'),
      kase: conn.prepare(`INSERT INTO cases (status, kind, source, categoryCode, departmentId, gridId, lat, lng, cellKey,
        primaryReportId, slaHours, flagged, version, createdAt, updatedAt, description, address)
        VALUES ('submitted', 'snap', 'miniapp', ?, ?, ?, ?, ?, ?, 0, 4, 0, 1, ?, ?, ?, ?)`),
      report: conn.prepare(`INSERT INTO reports (userId, clientRequestId, kind, source, categoryCode, description, lat, lng,
        caseId, gridId, createdAt, address) VALUES (?, ?, 'snap', 'miniapp', ?, ?, ?, ?, 0, ?, ?, ?)`),
      event: conn.prepare(`INSERT INTO case_events (caseId, action, toStatus, actorUserId, actorRole, createdAt)
        VALUES (?, 'submit', 'submitted', ?, 'resident', ?)`),
      reportCase: conn.prepare('UPDATE reports SET caseId = ? WHERE id = ?'),
      checkpoint: conn.prepare('PRAGMA wal_checkpoint(PASSIVE)'),
      // The finder's read before each submission (its box of a cell: the nearest 20 by distance), with --reads.
      near: conn.prepare(`SELECT id, lat, lng FROM cases WHERE categoryCode = ? AND cellKey = ? AND lat BETWEEN ? AND ?
        AND lng BETWEEN ? AND ? ORDER BY (lat - ?) * (lat - ?) + (lng - ?) * (lng - ?) LIMIT 20`),
    };
    return { name, file, conn, s, every, commits: 0, cpu: 0, reports: 0, frames: 0, restarts: 0, ckptCpu: 0 };
  });

  let written = 0;
  /** The WAL header's checkpoint sequence and salt: the salt changes when a COMMIT starts the WAL over. */
  const walState = (file) => {
    const wal = `${file}-wal`;
    let size;
    try {
      size = statSync(wal).size;
    } catch {
      return { seq: -1, salt: -1, size: 0 };
    }
    if (size < 32) return { seq: -1, salt: -1, size }; // emptied (TRUNCATE): the next COMMIT writes the first header
    const fd = openSync(wal, 'r');
    const head = Buffer.alloc(32);
    readSync(fd, head, 0, 32, 0);
    closeSync(fd);
    return { seq: head.readUInt32BE(12), salt: head.readUInt32BE(16), size };
  };
  const submit = (arm, i) => {
    const { s } = arm;
    const stamp = new Date(Date.UTC(2026, 10, 27) + i * 1000).toISOString().replace('T', ' ').slice(0, 23);
    const road = ROADS[i % ROADS.length];
    const address = `${road}${i % 300}号`;
    const text = `垃圾堆放，位于${address}附近`;
    const lat = 30.2 + (i % 997) * 1e-4;
    const lng = 120.1 + (i % 991) * 1e-4;
    const cat = CATEGORIES[i % 4];
    if (a.reads) s.near.all(cat, `wtmkn${i % 50}`, lat - 0.002, lat + 0.002, lng - 0.002, lng + 0.002, lat, lat, lng, lng);
    const report = s.report.run(1 + (i % 5000), `q-${arm.name}-${i}`, cat, text, lat, lng, (i % 40) + 1, stamp, address);
    const kase = s.kase.run(cat, (i % 30) + 1, (i % 40) + 1, lat, lng, `wtmkn${i % 50}`, stamp, stamp, text, address);
    s.event.run(kase.lastInsertRowid, 1 + (i % 5000), stamp);
    s.reportCase.run(kase.lastInsertRowid, report.lastInsertRowid);
  };
  for (let round = 0; round < Number(a.rounds); round++) {
    const order = round % 2 === 0 ? arms : [...arms].reverse();
    for (const arm of order) {
      const before = walState(arm.file);
      let prev = before;
      const t0 = process.cpuUsage();
      for (let k = 0; k < N; k += GROUP) {
        arm.s.begin.run();
        for (let j = k; j < Math.min(N, k + GROUP); j++) {
          arm.s.savepoint.run();
          submit(arm, written++);
          arm.s.release.run();
        }
        arm.s.commit.run();
        arm.commits++;
        if (arm.every && arm.commits % arm.every === 0) {
          const c0 = process.cpuUsage();
          arm.s.checkpoint.run();
          const c = process.cpuUsage(c0);
          arm.ckptCpu += c.user + c.system;
        }
        // The WAL restarts (new salt) at the first commit after a complete checkpoint.
        const now = walState(arm.file);
        if (now.salt !== prev.salt && prev.salt !== -1) arm.restarts++;
        prev = now;
      }
      const t = process.cpuUsage(t0);
      arm.cpu += t.user + t.system;
      arm.reports += N;
      console.log(
        `round ${round + 1} ${arm.name.padEnd(11)} ${((t.user + t.system) / N).toFixed(0)} µs CPU a report (user ${(t.user / N).toFixed(0)}, system ${(t.system / N).toFixed(0)}), WAL ${(statSync(`${arm.file}-wal`).size / 1e6).toFixed(1)} MB, load ${load()}`,
      );
    }
  }
  // Frames a commit, measured apart on each arm's copy: checkpoints off, the WAL emptied first, 200 groups.
  for (const arm of arms) {
    arm.conn.pragma('wal_checkpoint(TRUNCATE)');
    arm.conn.pragma('wal_autocheckpoint = 0');
    const c = 200;
    for (let k = 0; k < c; k++) {
      arm.s.begin.run();
      for (let j = 0; j < GROUP; j++) {
        arm.s.savepoint.run();
        submit(arm, written++);
        arm.s.release.run();
      }
      arm.s.commit.run();
    }
    arm.frames = (statSync(`${arm.file}-wal`).size - 32) / (4096 + 24) / c;
    arm.conn.close();
  }
  console.log(`\n${BASE} cases, ${N} reports a round × ${a.rounds}, groups of ${GROUP}; load ${load()}`);
  console.log('| arm | CPU µs a report | of it checkpoints on a timer | WAL frames a commit | checkpoints per 1,000 reports |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const arm of arms)
    console.log(
      `| ${arm.name} | ${(arm.cpu / arm.reports).toFixed(0)} | ${arm.every ? (arm.ckptCpu / arm.reports).toFixed(0) : '—'} | ${arm.frames.toFixed(1)} | ${((arm.restarts * 1000) / arm.reports).toFixed(2)} |`,
    );
  for (const frames of a.restart.split(',').filter(Boolean).map(Number)) {
    const file = join(dir, `restart-${frames}.sqlite`);
    copyFileSync(base, file);
    const self = fileURLToPath(import.meta.url);
    try {
      execFileSync(process.execPath, [self, '--worker', String(frames), '--file', file], { stdio: 'ignore' });
    } catch {
      // killed by its own SIGKILL, as a crash leaves the WAL
    }
    const wal = statSync(`${file}-wal`).size;
    const runs = [];
    for (let i = 0; i < 3; i++) {
      // Each open must find the WAL unmerged: a copy of the crashed files (database, WAL, no shared-memory index).
      const copy = join(dir, `restart-${frames}-${i}.sqlite`);
      copyFileSync(file, copy);
      copyFileSync(`${file}-wal`, `${copy}-wal`);
      runs.push(JSON.parse(execFileSync(process.execPath, [self, '--worker', 'open', '--file', copy], { encoding: 'utf8' })));
    }
    console.log(
      `restart after a crash, WAL ${(wal / 1e6).toFixed(1)} MB (${frames} frames): open + first read ${runs.map((r) => `${r.ms.toFixed(1)} ms wall / ${r.cpuMs.toFixed(1)} CPU`).join(', ')}; load ${load()}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
