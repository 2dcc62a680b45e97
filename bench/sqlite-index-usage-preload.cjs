// A measurement, not a product setting: which indexes SQLite's plans use, for every statement a process runs.
//   NODE_OPTIONS="-r $PWD/bench/sqlite-index-usage-preload.cjs" TEST_DB=sqlite npx jest <paths>   (or node dist/main.js)
// Each statement text that reads or changes rows (SELECT, WITH, UPDATE, DELETE, INSERT … SELECT) is explained once
// (`EXPLAIN QUERY PLAN` with its first call's parameters) and the indexes its plan names are counted; at exit every
// process writes `${INDEX_USAGE_OUT}-<pid>.json` (default /tmp/sqlite-index-usage): index → statements and calls.
// Patches the native addon's Statement, which jest's module registries share with this preload (a .node file is
// loaded once a process). docs/performance.md, "SQLite's COMMIT and the case indexes, twentieth round".
const fs = require('node:fs');
const path = require('node:path');

const addonPath = require.resolve('better-sqlite3/build/Release/better_sqlite3.node', {
  paths: [path.join(__dirname, '..', 'server')],
});
const addon = require(addonPath);
const proto = addon.Statement.prototype;
/** statement text → the indexes its plan names. */
const plans = new Map();
/** index → { calls, statements: Set }. */
const usage = new Map();
let explaining = false;

function explain(statement, args) {
  const sql = statement.source;
  let names = plans.get(sql);
  if (!names) {
    names = [];
    if (/^\s*(SELECT|WITH|UPDATE|DELETE|INSERT[\s\S]*\bSELECT\b)/i.test(sql)) {
      explaining = true;
      try {
        const rows = statement.database.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args);
        for (const row of rows) {
          const m = /INDEX (\S+)/.exec(row.detail);
          if (m) names.push(m[1]);
        }
      } catch {
        names.push('(not explained)');
      } finally {
        explaining = false;
      }
    }
    plans.set(sql, names);
  }
  for (const name of new Set(names)) {
    const u = usage.get(name) ?? { calls: 0, statements: new Set() };
    u.calls++;
    u.statements.add(sql.replace(/\s+/g, ' ').slice(0, 400));
    usage.set(name, u);
  }
}

for (const name of ['all', 'get', 'run', 'iterate']) {
  const call = proto[name];
  proto[name] = function () {
    if (!explaining) explain(this, arguments);
    return call.apply(this, arguments);
  };
}

process.on('exit', () => {
  const out = {};
  for (const [name, u] of usage) out[name] = { calls: u.calls, statements: [...u.statements] };
  fs.writeFileSync(`${process.env.INDEX_USAGE_OUT ?? '/tmp/sqlite-index-usage'}-${process.pid}.json`, JSON.stringify(out, null, 1));
});
