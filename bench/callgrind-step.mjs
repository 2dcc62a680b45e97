// Instructions SQLite spends stepping statements (sqlite3_step and what it calls), counted by callgrind, in a worker
// process the calling bench starts: repeatable whatever else the machine runs (docs/performance.md, "Case indexes:
// the write cost"). Shared by bench/case-index-writes.mjs and bench/text-index-writes.mjs.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Runs `node <script> <args…>` under callgrind, writing its profile to `out`; answers the instructions counted. */
export function sqliteStepInstructions(script, args, out, stderr = 'ignore') {
  execFileSync(
    'valgrind',
    ['--tool=callgrind', '--toggle-collect=sqlite3_step', `--callgrind-out-file=${out}`, process.execPath, script, ...args],
    { stdio: ['ignore', 'ignore', stderr] },
  );
  return Number(/^(?:summary|totals): (\d+)/m.exec(readFileSync(out, 'utf8'))[1]);
}
