// A measurement, not a product setting: `node -r bench/sqlite-statement-cpu-preload.cjs dist/main.js` (SERVER_BUNDLE=off,
// so better-sqlite3 is loaded as a module) sums, per SQLite statement text, the calls, the rows handed over and the
// main thread's own CPU inside better-sqlite3's all / run / get / iterate (from /proc/thread-self/schedstat, which counts
// this thread only: process.cpuUsage() would add the GC helpers and the thread pool). Every 3 s it writes the sums,
// dearest first, to `${SQL_CPU_OUT}-<pid>.json` (default /tmp/sqlite-statement-cpu); with SQL_CPU_RESET_AFTER=<n>:<text>
// the sums restart after the n-th statement that starts with that text (`1200:INSERT INTO "photos"`: bench/run.mjs's
// submission phase, after its uploads). docs/performance.md, "Report intake, seventeenth round".
const Module = require('node:module');
const fs = require('node:fs');

const stats = new Map();
const [resetCalls, ...resetText] = (process.env.SQL_CPU_RESET_AFTER ?? '').split(':');
const resetAfter = resetText.join(':');
let toReset = resetAfter ? Number(resetCalls) : 0;
const schedstat = fs.openSync('/proc/thread-self/schedstat', 'r');
const buffer = Buffer.alloc(64);
/** Nanoseconds this thread has run. */
function onCpu() {
  const n = fs.readSync(schedstat, buffer, 0, 64, 0);
  return Number(buffer.toString('latin1', 0, n).split(' ')[0]);
}

function count(sql, ns, rows) {
  const key = sql.slice(0, 200);
  if (toReset > 0 && key.startsWith(resetAfter) && --toReset === 0) {
    stats.clear();
    return;
  }
  const s = stats.get(key) ?? { calls: 0, us: 0, rows: 0 };
  s.calls++;
  s.us += ns / 1000;
  s.rows += rows;
  stats.set(key, s);
}

let patched = false;
const load = Module._load;
Module._load = function (request) {
  const exports = load.apply(this, arguments);
  if (patched || request !== 'better-sqlite3') return exports;
  patched = true;
  const prepare = exports.prototype.prepare;
  exports.prototype.prepare = function () {
    const statement = prepare.apply(this, arguments);
    const proto = Object.getPrototypeOf(statement);
    if (!proto.__cpuCounted) {
      proto.__cpuCounted = true;
      for (const name of ['all', 'run', 'get']) {
        const call = proto[name];
        proto[name] = function () {
          const start = onCpu();
          let out;
          try {
            return (out = call.apply(this, arguments));
          } finally {
            count(this.source, onCpu() - start, Array.isArray(out) ? out.length : out === undefined || name === 'run' ? 0 : 1);
          }
        };
      }
      const iterate = proto.iterate;
      proto.iterate = function* () {
        const rows = iterate.apply(this, arguments);
        let ns = 0;
        let n = 0;
        try {
          for (;;) {
            const start = onCpu();
            const step = rows.next();
            ns += onCpu() - start;
            if (step.done) return;
            n++;
            yield step.value;
          }
        } finally {
          const start = onCpu();
          rows.return?.();
          count(this.source, ns + onCpu() - start, n);
        }
      };
    }
    return statement;
  };
  return exports;
};

setInterval(() => {
  const rows = [...stats].map(([sql, s]) => ({ sql, ...s, us: Math.round(s.us) })).sort((a, b) => b.us - a.us);
  fs.writeFileSync(`${process.env.SQL_CPU_OUT || '/tmp/sqlite-statement-cpu'}-${process.pid}.json`, JSON.stringify(rows, null, 1));
}, 3000).unref();
