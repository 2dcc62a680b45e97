import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The folders of server/src depend on each other one way only (docs/architecture.md "Who depends on
 * whom"): no two folders import each other, and no longer loop either, so a request never climbs back
 * into a folder it came through. Tests and test helpers may import anything and are not walked.
 */
const SRC = __dirname;
const NOT_PRODUCTION = /\.(spec|int-spec|bench-spec|bench)\.ts$/;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** folder → folder → the files and specifiers behind that edge. */
function folderImports(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of walk(SRC)) {
    const rel = relative(SRC, file);
    const from = rel.split('/')[0];
    if (!file.endsWith('.ts') || NOT_PRODUCTION.test(file) || !rel.includes('/') || from === 'testing') continue;
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/g)) {
      const target = relative(SRC, resolve(dirname(file), m[1]));
      const to = target.split('/')[0];
      if (!target.includes('/') || target.startsWith('..') || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      const edges = graph.get(from)!;
      edges.set(to, [...(edges.get(to) ?? []), `${rel} → ${m[1]}`]);
    }
  }
  return graph;
}

/** Every strongly connected group of more than one folder (a loop of imports), with the files closing it. */
function loops(graph: Map<string, Map<string, string[]>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('folder imports of server/src', () => {
  const graph = folderImports();

  it('sees the folders it should (the walk works)', () => {
    expect(graph.get('reports')?.has('cases')).toBe(true);
    expect(graph.get('triage')?.has('cases')).toBe(true);
  });

  it('has no pair of folders importing each other', () => {
    const pairs: string[] = [];
    for (const [a, edges] of graph)
      for (const b of edges.keys())
        if (a < b && graph.get(b)?.has(a)) pairs.push(`${a} ↔ ${b}: ${[...edges.get(b)!, ...graph.get(b)!.get(a)!].join('; ')}`);
    expect(pairs).toEqual([]);
  });

  it('has no longer loop of imports either', () => {
    const described = loops(graph).map((group) =>
      group.flatMap((a) => group.filter((b) => graph.get(a)?.has(b)).map((b) => `${a} → ${b} (${graph.get(a)!.get(b)![0]})`)).join(', '),
    );
    expect(described).toEqual([]);
  });
});
