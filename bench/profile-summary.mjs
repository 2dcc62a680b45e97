// Summarises a .cpuprofile (node --cpu-prof / bench/run.mjs --cpu-prof): self time by function and by
// package, and total (inclusive) time of the application's own functions. Not part of the tests.
//   node bench/profile-summary.mjs <file.cpuprofile> [--top 25]
import { readFileSync } from 'node:fs';

const [file, ...rest] = process.argv.slice(2);
const top = Number(rest[rest.indexOf('--top') + 1] || 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
// Weighted by sample count, not by time delta: on a saturated machine the process waits for a core
// between samples and the deltas measure that wait (the first one, the time to the first sample).
const dt = new Map();
for (let i = 1; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + 1);
const total = [...dt.values()].reduce((a, b) => a + b, 0);
const idle = [...dt]
  .filter(([id]) => ['(idle)', '(program)', '(garbage collector)'].includes(nodes.get(id).callFrame.functionName))
  .reduce((a, [id, t]) => a + (nodes.get(id).callFrame.functionName === '(idle)' ? t : 0), 0);

function where(cf) {
  const url = cf.url || '';
  const pkg = url.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  if (url.includes('/dist/') || url.includes('/dist-')) return 'app:' + url.replace(/.*\/dist[^/]*\//, '');
  if (url.startsWith('node:')) return url;
  return url || cf.functionName;
}
const selfBy = (key) => {
  const m = new Map();
  for (const [id, t] of dt) {
    const k = key(nodes.get(id).callFrame);
    m.set(k, (m.get(k) ?? 0) + t);
  }
  return [...m].sort((a, b) => b[1] - a[1]);
};
const pct = (t) => ((100 * t) / (total - idle)).toFixed(1).padStart(5) + ' %';
console.log(
  `${profile.samples.length} samples over ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s, ${idle} idle; shares are of the busy samples`,
);
console.log('\nself time by package / file');
for (const [k, t] of selfBy((cf) => where(cf).replace(/^app:([^/]+)\/.*/, 'app:$1/'))
  .filter(([k]) => k !== '(idle)')
  .slice(0, top))
  console.log(pct(t), k);
console.log('\nself time by function');
for (const [k, t] of selfBy((cf) => `${cf.functionName || '(anonymous)'} ${where(cf)}:${cf.lineNumber + 1}`)
  .filter(([k]) => !k.startsWith('(idle)'))
  .slice(0, top))
  console.log(pct(t), k);
// Inclusive time of app functions (a function counted once per sample even when recursive).
const incl = new Map();
for (const [id, t] of dt) {
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const cf = nodes.get(cur).callFrame;
    const w = where(cf);
    if (!w.startsWith('app:')) continue;
    const k = `${cf.functionName || '(anonymous)'} ${w}:${cf.lineNumber + 1}`;
    if (seen.has(k)) continue;
    seen.add(k);
    incl.set(k, (incl.get(k) ?? 0) + t);
  }
}
console.log("\ninclusive time of the server's own functions");
for (const [k, t] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(pct(t), k);
