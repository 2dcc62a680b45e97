// Preloaded into each server of bench/soak.mjs (`node --expose-gc -r bench/soak-probe.cjs dist/main.js`):
// every SOAK_PROBE_MS it appends one JSON line to SOAK_PROBE_FILE with what only the process itself can see —
// heap after a full GC (so a leak shows as a rising floor, not as garbage not yet collected), event-loop delay
// percentiles since the previous line, active handles by type, open file descriptors, and its TCP connections
// to MySQL (3306) and Redis (6379) read from /proc (Linux), and the V8 heap by space (new, old, code, large
// objects: a heap that grows in `code_space` is code loaded or compiled, not data kept). Nothing is sent over the network.
// On SIGWINCH it writes a heap snapshot next to SOAK_PROBE_FILE (heap-<SOAK_PROBE_NAME>-<n>.heapsnapshot) and then a
// line `{ snapshot: <path> }`: bench/soak.mjs asks for one before and after the load, bench/heap-diff.mjs compares them.
'use strict';
const { appendFileSync, readdirSync, readlinkSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const v8 = require('node:v8');

const file = process.env.SOAK_PROBE_FILE;
if (file) {
  const every = Number(process.env.SOAK_PROBE_MS || 10_000);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();

  const fdTargets = () => {
    const out = [];
    try {
      for (const fd of readdirSync('/proc/self/fd')) {
        try {
          out.push(readlinkSync(`/proc/self/fd/${fd}`));
        } catch {
          /* closed while reading */
        }
      }
    } catch {
      /* not Linux */
    }
    return out;
  };

  /** Established TCP connections of this process by remote port (only the ports asked for). */
  const tcpByRemotePort = (socketInodes, ports) => {
    const counts = Object.fromEntries(ports.map((p) => [p, 0]));
    for (const table of ['/proc/self/net/tcp', '/proc/self/net/tcp6']) {
      let text;
      try {
        text = readFileSync(table, 'utf8');
      } catch {
        continue;
      }
      for (const line of text.split('\n').slice(1)) {
        const cols = line.trim().split(/\s+/);
        if (cols.length < 10 || cols[3] !== '01') continue; // 01 = ESTABLISHED
        const port = parseInt(cols[2].split(':')[1], 16);
        if (port in counts && socketInodes.has(cols[9])) counts[port]++;
      }
    }
    return counts;
  };

  let cpuBefore = process.cpuUsage();
  let wallBefore = process.hrtime.bigint();
  const sample = () => {
    // CPU this process got since the last line, in % of one core (main thread and libuv/libvips threads):
    // on a shared machine it tells a slow server from a starved one.
    const cpu = process.cpuUsage(cpuBefore);
    const wall = Number(process.hrtime.bigint() - wallBefore) / 1000;
    cpuBefore = process.cpuUsage();
    wallBefore = process.hrtime.bigint();
    if (typeof global.gc === 'function') global.gc();
    const mem = process.memoryUsage();
    const targets = fdTargets();
    const sockets = new Set(targets.map((t) => /^socket:\[(\d+)\]$/.exec(t)?.[1]).filter(Boolean));
    const tcp = tcpByRemotePort(sockets, [3306, 6379]);
    const handles = {};
    for (const type of process.getActiveResourcesInfo()) handles[type] = (handles[type] ?? 0) + 1;
    const line = {
      t: Date.now(),
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      heapTotal: mem.heapTotal,
      external: mem.external,
      arrayBuffers: mem.arrayBuffers,
      eldP50Ms: delay.percentile(50) / 1e6,
      eldP99Ms: delay.percentile(99) / 1e6,
      eldMaxMs: delay.max / 1e6,
      cpuPct: Math.round(((cpu.user + cpu.system) / wall) * 100),
      handles,
      fds: targets.length,
      sqliteFds: targets.filter((t) => /\.sqlite(-wal|-shm)?$/.test(t)).length,
      mysqlConns: tcp[3306],
      redisConns: tcp[6379],
      heapSpaces: Object.fromEntries(v8.getHeapSpaceStatistics().map((x) => [x.space_name, x.space_used_size])),
    };
    delay.reset();
    try {
      appendFileSync(file, JSON.stringify(line) + '\n');
    } catch {
      /* the soak's folder is gone: the run is over */
    }
  };
  setInterval(sample, every).unref();

  // --leak-test of bench/soak.mjs: this process keeps SOAK_PROBE_LEAK_KB_PER_MIN of JS heap more every minute,
  // a real leak for the verdict to catch (arrays of numbers: on the heap, not external memory).
  const leakKbPerMin = Number(process.env.SOAK_PROBE_LEAK_KB_PER_MIN || 0);
  if (leakKbPerMin > 0) {
    const kept = [];
    globalThis.__soakLeak = kept;
    setInterval(() => kept.push(new Array(Math.round((leakKbPerMin * 1024) / 8 / 12)).fill(0.5)), 5_000).unref();
  }

  let snapshots = 0;
  process.on('SIGWINCH', () => {
    const path = join(dirname(file), `heap-${process.env.SOAK_PROBE_NAME || process.pid}-${++snapshots}.heapsnapshot`);
    const started = Date.now();
    try {
      v8.writeHeapSnapshot(path); // blocks this process while it writes (seconds): the soak asks only outside its load
      appendFileSync(file, JSON.stringify({ t: Date.now(), snapshot: path, ms: Date.now() - started }) + '\n');
    } catch (e) {
      appendFileSync(file, JSON.stringify({ t: Date.now(), snapshotError: String(e && e.message) }) + '\n');
    }
  });
}
