// What the search box's index costs its indexer to write, with the sixteenth round's runs (`case_text_grams.runs_0`
// … `runs_3`) and without (the fifteenth round's table), on the same cases (docs/performance.md "a word rare in every
// status, sixteenth round"). Not part of the tests. The cases' texts and statuses are read from a SQLite copy (e.g.
// the spread fill); each variant then, in a scratch file, (1) fills `--blocks` blocks as the indexer's fill step does
// (its rows from server/dist's blockPieces, 500 a statement, the same upsert) and (2) reads again `--edits` cases of
// those blocks whose description changed (a drain step: the edited cases' pieces upserted). SQLite instructions
// inside sqlite3_step counted by valgrind (callgrind), which the machine's load does not change; rows and bytes of
// the table after the fill.
//   node bench/text-index-writes.mjs --file /work/bench-data/<spread copy>.sqlite [--blocks 100] [--edits 2000]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sqliteStepInstructions } from './callgrind-step.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'server', 'package.json'));
const { blockPieces } = require(join(root, 'server/dist/cases/case-text-index.js'));
const { values: a } = parseArgs({
  options: {
    file: { type: 'string' },
    blocks: { type: 'string', default: '100' },
    edits: { type: 'string', default: '2000' },
    // Internal: one run under callgrind.
    worker: { type: 'string' },
    phases: { type: 'string' },
    cases: { type: 'string' },
    out: { type: 'string' },
  },
});
const TABLE = {
  runs: 'CREATE TABLE case_text_grams (gram varchar(3) NOT NULL, block integer NOT NULL, statuses integer NOT NULL, runs_0 integer NOT NULL, runs_1 integer NOT NULL, runs_2 integer NOT NULL, runs_3 integer NOT NULL, PRIMARY KEY (gram, block)) WITHOUT ROWID',
  blocks:
    'CREATE TABLE case_text_grams (gram varchar(3) NOT NULL, block integer NOT NULL, statuses integer NOT NULL, PRIMARY KEY (gram, block)) WITHOUT ROWID',
};
const BITS = ['statuses', 'runs_0', 'runs_1', 'runs_2', 'runs_3'];
const upsert = (bits) => (n) =>
  `INSERT INTO case_text_grams (gram, block, ${bits.join(', ')}) VALUES ${Array(n)
    .fill(`(?, ?${', ?'.repeat(bits.length)})`)
    .join(', ')}` +
  ` ON CONFLICT (gram, block) DO UPDATE SET ${bits.map((c) => `${c} = ${c} | excluded.${c}`).join(', ')}` +
  ` WHERE ${bits.map((c) => `${c} <> (${c} | excluded.${c})`).join(' OR ')}`;
const UPSERT = { runs: upsert(BITS), blocks: upsert(BITS.slice(0, 1)) };
const EDITS = ['井盖破损，位于南京路7号附近，已经一周了', '路灯不亮，就在西湖路201号门口', '垃圾堆放，长江路88号后面的巷子里'];

if (a.worker) {
  const Database = require('better-sqlite3');
  const { cases, edits } = JSON.parse(readFileSync(a.cases, 'utf8'));
  const db = new Database(a.out);
  db.exec(TABLE[a.worker]);
  const write = (rows) => {
    const shaped = a.worker === 'runs' ? rows : rows.map((r) => r.slice(0, 3));
    for (let i = 0; i < shaped.length; i += 500) {
      const chunk = shaped.slice(i, i + 500);
      db.prepare(UPSERT[a.worker](chunk.length)).run(...chunk.flat());
    }
  };
  const blocks = new Map();
  for (const c of cases) blocks.set(Math.floor(c.id / 1024), [...(blocks.get(Math.floor(c.id / 1024)) ?? []), c]);
  for (const rows of blocks.values()) db.transaction(() => write(blockPieces(rows)))();
  if (a.phases === 'fill,drain')
    for (let i = 0; i < edits.length; i += 500) db.transaction(() => write(blockPieces(edits.slice(i, i + 500))))();
  db.close();
} else {
  const Database = require('better-sqlite3');
  const src = new Database(a.file, { readonly: true });
  const blocks = Number(a.blocks);
  const cases = src.prepare('SELECT id, status, description, address, landmark FROM cases WHERE id < ? ORDER BY id').all(blocks * 1024);
  src.close();
  // Edited cases spread over the blocks: a new description, the rest as it was.
  const step = Math.max(1, Math.floor(cases.length / Number(a.edits)));
  const edits = cases
    .filter((_, i) => i % step === 0)
    .slice(0, Number(a.edits))
    .map((c, i) => ({ ...c, description: EDITS[i % EDITS.length] }));
  const dir = mkdtempSync(join(tmpdir(), 'sansui-textidx-'));
  try {
    const input = join(dir, 'cases.json');
    writeFileSync(input, JSON.stringify({ cases, edits }));
    console.log(
      `SQLite, ${cases.length} cases in ${blocks} blocks, ${edits.length} edited cases read again; load ${loadavg()[0].toFixed(1)}`,
    );
    const per = {};
    for (const variant of ['blocks', 'runs'])
      for (const phases of ['fill', 'fill,drain']) {
        const out = join(dir, `cg-${variant}-${phases}`);
        const file = join(dir, `${variant}-${phases}.sqlite`);
        per[`${variant} ${phases}`] = sqliteStepInstructions(
          fileURLToPath(import.meta.url),
          ['--worker', variant, '--phases', phases, '--cases', input, '--out', file],
          out,
          'inherit',
        );
        if (phases === 'fill') {
          const db = new Database(file, { readonly: true });
          const rows = db.prepare('SELECT COUNT(*) FROM case_text_grams').pluck().get();
          const bytes = db.prepare("SELECT SUM(pgsize) FROM dbstat WHERE name = 'case_text_grams'").pluck().get();
          db.close();
          console.log(`${variant}: ${rows.toLocaleString('en')} rows, ${bytes.toLocaleString('en')} bytes after the fill`);
        }
      }
    for (const variant of ['blocks', 'runs']) {
      const fill = per[`${variant} fill`];
      const drain = per[`${variant} fill,drain`] - fill;
      console.log(
        `${variant.padEnd(6)} fill ${Math.round(fill / blocks).toLocaleString('en')} instructions a block; drain ${Math.round(drain / edits.length).toLocaleString('en')} an edited case`,
      );
    }
    console.log(
      `runs / blocks: fill ${(per['runs fill'] / per['blocks fill']).toFixed(3)}, drain ${((per['runs fill,drain'] - per['runs fill']) / (per['blocks fill,drain'] - per['blocks fill'])).toFixed(3)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
