// Compares two V8 heap snapshots of one process (bench/soak-probe.cjs writes them on SIGWINCH; bench/soak.mjs
// asks for one before and one after its load with --heap-snapshots) and names what grew:
//   node --max-old-space-size=4096 bench/heap-diff.mjs before.heapsnapshot after.heapsnapshot [--top 25] [--json out.json]
// 1. Self size and count by kind of object (constructor name for objects, "(closure) f" for functions,
//    "(string)", "(code)", "(array) …" for V8's internal arrays), sorted by growth.
// 2. The largest containers (Map, Set, Array, and the plain objects used as dictionaries) of the second snapshot
//    with the property that holds them (`TokenService.verified`, `WecomSimulatorState.messages` …): the
//    container's own size plus its backing store, and the same container's size in the first snapshot (V8 keeps
//    an object's snapshot id for the life of the process, so the two are matched by id).
import { readFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const files = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const TOP = Number(opt('top', 25));
if (files.length !== 2) {
  process.stderr.write('usage: node bench/heap-diff.mjs before.heapsnapshot after.heapsnapshot [--top 25] [--json out.json]\n');
  process.exit(2);
}

/** Parses a snapshot into per-kind totals and per-container sizes (by snapshot id). */
export function summarize(path) {
  const snap = JSON.parse(readFileSync(path, 'utf8'));
  const meta = snap.snapshot.meta;
  const nf = meta.node_fields;
  const ef = meta.edge_fields;
  const N = nf.length;
  const E = ef.length;
  const [iType, iName, iId, iSize, iEdges] = ['type', 'name', 'id', 'self_size', 'edge_count'].map((f) => nf.indexOf(f));
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => ef.indexOf(f));
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const { nodes, edges, strings } = snap;
  const count = nodes.length / N;

  const kindOf = (n) => {
    const type = nodeTypes[nodes[n + iType]];
    const name = strings[nodes[n + iName]];
    if (type === 'object') return name;
    if (type === 'closure') return `(closure) ${name || 'anonymous'}`;
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string') return '(string)';
    if (type === 'array') return `(array) ${name}`;
    if (type === 'hidden' || type === 'native' || type === 'synthetic') return `(${type}) ${name.slice(0, 60)}`;
    return `(${type})`;
  };

  const kinds = new Map();
  let total = 0;
  for (let n = 0; n < nodes.length; n += N) {
    const size = nodes[n + iSize];
    total += size;
    const k = kindOf(n);
    const e = kinds.get(k) ?? { count: 0, size: 0 };
    e.count++;
    e.size += size;
    kinds.set(k, e);
  }

  // First edge index of every node, then: containers' backing stores and who holds each container.
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    firstEdge[i] = e;
    e += nodes[i * N + iEdges] * E;
  }
  firstEdge[count] = edges.length;
  const isContainer = (n) => {
    if (nodeTypes[nodes[n + iType]] !== 'object') return false;
    const name = strings[nodes[n + iName]];
    return name === 'Map' || name === 'Set' || name === 'Array' || name === 'Object';
  };
  const owned = new Map(); // node index → own + backing store size (then only those ≥ 16 KB)
  const sizeById = new Map(); // every container's size, to match the other snapshot's
  for (let i = 0; i < count; i++) {
    const n = i * N;
    if (!isContainer(n)) continue;
    let size = nodes[n + iSize];
    for (let e = firstEdge[i]; e < firstEdge[i + 1]; e += E) {
      const et = edgeTypes[edges[e + eType]];
      const to = edges[e + eTo];
      const tt = nodeTypes[nodes[to + iType]];
      const ename = et === 'element' || et === 'hidden' ? '' : strings[edges[e + eName]];
      if (et === 'internal' && (ename === 'table' || ename === 'elements' || ename === 'properties') && (tt === 'array' || tt === 'hidden'))
        size += nodes[to + iSize];
    }
    owned.set(n, size);
    sizeById.set(nodes[n + iId], size);
  }
  for (const [n, size] of owned) if (size < 16_384) owned.delete(n);
  const holders = new Map(); // container node index → "Holder.property"
  for (let i = 0; i < count; i++) {
    const from = i * N;
    const ft = nodeTypes[nodes[from + iType]];
    if (ft !== 'object' && ft !== 'closure' && ft !== 'synthetic' && ft !== 'hidden') continue;
    for (let e = firstEdge[i]; e < firstEdge[i + 1]; e += E) {
      const to = edges[e + eTo];
      if (!owned.has(to) || holders.has(to)) continue;
      const et = edgeTypes[edges[e + eType]];
      if (et !== 'property' && et !== 'context' && et !== 'internal') continue;
      const prop = strings[edges[e + eName]];
      if (et === 'internal' && prop === 'table') continue;
      const holder = ft === 'closure' ? `(closure ${strings[nodes[from + iName]] || 'anonymous'})` : strings[nodes[from + iName]];
      holders.set(to, `${holder}.${prop}`);
    }
  }
  const containers = [...owned.entries()].map(([n, size]) => ({
    id: nodes[n + iId],
    kind: strings[nodes[n + iName]],
    heldAs: holders.get(n) ?? '(unknown holder)',
    size,
  }));
  return { total, kinds, containers, sizeById };
}

const before = summarize(files[0]);
const after = summarize(files[1]);
const mb = (b) => (b / 1048576).toFixed(2);
const kb = (b) => `${b >= 0 ? '+' : ''}${Math.round(b / 1024)} KB`;

const byKind = [...new Set([...before.kinds.keys(), ...after.kinds.keys()])]
  .map((k) => {
    const a = before.kinds.get(k) ?? { count: 0, size: 0 };
    const b = after.kinds.get(k) ?? { count: 0, size: 0 };
    return { kind: k, countBefore: a.count, countAfter: b.count, sizeBefore: a.size, sizeAfter: b.size, growth: b.size - a.size };
  })
  .sort((x, y) => y.growth - x.growth);
const beforeById = before.sizeById;
const containers = after.containers
  .map((c) => ({ ...c, sizeBefore: beforeById.get(c.id) ?? null }))
  .sort((x, y) => y.size - (y.sizeBefore ?? 0) - (x.size - (x.sizeBefore ?? 0)))
  .slice(0, TOP);

const lines = [];
lines.push(
  `Heap: ${mb(before.total)} MB → ${mb(after.total)} MB (${kb(after.total - before.total)}); self sizes, everything in the snapshot`,
);
lines.push('');
lines.push('| kind | count before → after | self size before → after | growth |');
lines.push('| --- | --- | --- | --- |');
for (const r of byKind.slice(0, TOP))
  lines.push(
    `| ${r.kind.replace(/\|/g, '/')} | ${r.countBefore} → ${r.countAfter} | ${mb(r.sizeBefore)} → ${mb(r.sizeAfter)} MB | ${kb(r.growth)} |`,
  );
lines.push('');
lines.push('Containers of the second snapshot that grew most (own size + backing store; ≥ 16 KB):');
lines.push('');
lines.push('| held as | kind | before | after |');
lines.push('| --- | --- | --- | --- |');
for (const c of containers)
  lines.push(
    `| ${c.heldAs.replace(/\|/g, '/')} | ${c.kind} | ${c.sizeBefore == null ? 'not there' : `${Math.round(c.sizeBefore / 1024)} KB`} | ${Math.round(c.size / 1024)} KB |`,
  );
const text = lines.join('\n');
console.log(text);
const json = opt('json');
if (json)
  writeFileSync(
    json,
    JSON.stringify({ totalBefore: before.total, totalAfter: after.total, byKind: byKind.slice(0, 100), containers }, null, 2),
  );
