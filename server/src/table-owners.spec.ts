import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * One folder owns each table (docs/architecture.md "Who reads whose table"): only the folder that declares an
 * entity asks TypeORM for its repository — `@InjectRepository(X)`, `getRepository(X)` on a data source or an
 * entity manager, or an entity manager method given the class (`em.find(X, …)`, `em.count(X, …)` …) — and only it
 * names the entity's table in SQL: in query text (`FROM cases`, `JOIN users`, `UPDATE photos`, `INSERT INTO …`) or
 * in a query builder (`.from('cases', …)`, `.innerJoin('users', …)`, `.leftJoin(Case, …)` …). Another folder asks
 * the owner's exported service or repository. Tests, test helpers, demo seeds and the migrations (the database
 * folder's schema history) are not walked.
 */
const SRC = __dirname;
const NOT_PRODUCTION = /\.(spec|int-spec|bench-spec|bench)\.ts$/;
/** Demo seeds build fixtures across modules the way tests do; they run only with DEMO_DATA=true, which production refuses. */
const DEMO_SEED = /\.seed\.ts$/;
const MANAGER_METHODS =
  'find|findOne|findBy|findOneBy|findOneOrFail|findOneByOrFail|findAndCount|findAndCountBy|count|countBy|exists|existsBy|exist|' +
  'save|insert|update|delete|upsert|increment|decrement|sum|average|minimum|maximum|createQueryBuilder|getRepository|' +
  'softDelete|restore|remove|preload|merge|create';
const REPOSITORY_OF = new RegExp(`(?:@InjectRepository|(?:^|[^\\w$])(?:${MANAGER_METHODS}))\\(\\s*([A-Z]\\w*)\\b`, 'g');
/** A table named in SQL text. The keywords are upper case in this code base, so prose and `import … from` do not match. */
const SQL_TABLE = /\b(?:FROM|JOIN|UPDATE|INTO|TABLE)\s+[`"]?(\w+)/g;
/** A table name or an entity class given to a query builder (`.from('cases', 'c')`, `.leftJoin(User, 'u', …)` …). */
const BUILDER_TABLE =
  /\.(from|innerJoin|leftJoin|innerJoinAndSelect|leftJoinAndSelect|into|update|delete)\(\s*(?:['"`](\w+)['"`]|([A-Z]\w*)\b)/g;
/** The migrations are the database folder's history of every table's schema, written by the generator. */
const MIGRATION = /^database\/migrations\//;

/**
 * Reaches that have not moved to the owner yet: file → the other folders' entities it still names. A move deletes
 * its entry (the spec fails, naming the line, until it does); nothing is added here without a reason written in
 * docs/architecture.md.
 */
const NOT_YET_MOVED: Record<string, string[]> = {};

/**
 * SQL that names another folder's table, not moved to the owner yet: file → the tables it still names. A move
 * deletes its entry (the spec fails, naming the line, until it does); nothing is added here without a reason written
 * in docs/architecture.md.
 */
const SQL_NOT_YET_MOVED: Record<string, string[]> = {
  'cases/case-effects.ts': ['case_me_too', 'reports', 'users'],
  'cases/case-figures.repository.ts': ['areas'],
  'cases/case-query.service.ts': ['categories', 'departments', 'reports', 'users'],
  'cases/closure-figures.repository.ts': ['photos'],
  'reports/moderation.service.ts': ['cases'],
  'reports/report.repository.ts': ['areas', 'cases', 'categories', 'departments', 'photos', 'users'],
  'reports/submission-call.ts': ['case_events'],
  'rewards/reward-payout-reads.ts': ['cases', 'users'],
  'rewards/reward.repository.ts': ['reports'],
  'stats/circular/circular.service.ts': ['case_events', 'cases', 'categories', 'departments', 'reports'],
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const folderOf = (rel: string) => rel.split('/')[0];
const sources = walk(SRC)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ rel: relative(SRC, f), text: readFileSync(f, 'utf8') }));
const production = sources.filter(
  ({ rel }) =>
    !NOT_PRODUCTION.test(rel) && !DEMO_SEED.test(rel) && !MIGRATION.test(rel) && rel.includes('/') && folderOf(rel) !== 'testing',
);

interface Entity {
  folder: string;
  table: string;
}

/** Entity class → the folder declaring it and its table (every entity names its table: `@Entity('cases')`). */
function entities(): Map<string, Entity> {
  const found = new Map<string, Entity>();
  for (const { rel, text } of sources)
    for (const m of text.matchAll(/@Entity\(\s*'(\w+)'.*?export class (\w+)/gs)) found.set(m[2], { folder: folderOf(rel), table: m[1] });
  return found;
}

/** Comments may name tables in prose; a `//` after a colon or quote is a URL, not a comment. */
const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/[^\n]*/g, '$1');

/** "file: Entity" for every reach of a production file into another folder's entity. */
function reaches(entity: Map<string, Entity>): string[] {
  const found = new Set<string>();
  for (const { rel, text } of production)
    for (const m of text.matchAll(REPOSITORY_OF)) {
      const owner = entity.get(m[1])?.folder;
      if (owner !== undefined && owner !== folderOf(rel)) found.add(`${rel}: ${m[1]}`);
    }
  return [...found].sort();
}

/** "file: table" for every table of another folder a production file names in SQL or gives a query builder. */
function sqlReaches(entity: Map<string, Entity>): string[] {
  const tableOwner = new Map([...entity.values()].map((e) => [e.table, e.folder]));
  const found = new Set<string>();
  for (const { rel, text } of production) {
    const code = withoutComments(text);
    const named = [...code.matchAll(SQL_TABLE)].map((m) => m[1]);
    for (const [, method, table, cls] of code.matchAll(BUILDER_TABLE)) {
      if (table !== undefined) named.push(table);
      // A class given to update/delete is a repository reach, counted by `reaches`.
      else if (method !== 'update' && method !== 'delete' && entity.has(cls)) named.push(entity.get(cls)!.table);
    }
    for (const table of named) {
      const owner = tableOwner.get(table);
      if (owner !== undefined && owner !== folderOf(rel)) found.add(`${rel}: ${table}`);
    }
  }
  return [...found].sort();
}

/**
 * The edits that remove what a list allows but nothing needs any more (a reach that moved, a file that went), so that
 * the lists only shrink and say what is left.
 */
function staleEntries(listName: string, list: Record<string, string[]>, found: readonly string[]): string[] {
  return Object.entries(list).flatMap(([file, names]) => {
    const stale = names.filter((n) => !found.includes(`${file}: ${n}`));
    if (stale.length === 0) return [];
    if (stale.length === names.length) return [`${listName}: delete the line '${file}' (nothing in it reaches another folder any more)`];
    return [`${listName}: in the line '${file}', delete ${stale.map((n) => `'${n}'`).join(', ')} (no longer named there)`];
  });
}

const entriesOf = (list: Record<string, string[]>) => Object.entries(list).flatMap(([file, names]) => names.map((n) => `${file}: ${n}`));

describe('table owners: only the folder declaring an entity reads or writes its table', () => {
  const entity = entities();

  it('sees the entities, their folders and tables (the walk works)', () => {
    expect(entity.get('Case')).toEqual({ folder: 'cases', table: 'cases' });
    expect(entity.get('Photo')).toEqual({ folder: 'uploads', table: 'photos' });
    expect(entity.get('InspectionFinding')?.folder).toBe('evaluation');
    expect(entity.size).toBeGreaterThan(40);
  });

  it('finds no reach into another folder’s entity beyond the list of those not yet moved', () => {
    const allowed = entriesOf(NOT_YET_MOVED);
    expect(reaches(entity).filter((r) => !allowed.includes(r))).toEqual([]);
  });

  it('finds no SQL naming another folder’s table beyond the list of those not yet moved', () => {
    const allowed = entriesOf(SQL_NOT_YET_MOVED);
    expect(sqlReaches(entity).filter((r) => !allowed.includes(r))).toEqual([]);
  });

  it('allows nothing that is no longer needed (delete each line or name it reports)', () => {
    expect([
      ...staleEntries('NOT_YET_MOVED', NOT_YET_MOVED, reaches(entity)),
      ...staleEntries('SQL_NOT_YET_MOVED', SQL_NOT_YET_MOVED, sqlReaches(entity)),
    ]).toEqual([]);
  });

  it('tells which line or name to delete when an entry is stale', () => {
    const found = ['a/x.ts: Case', 'b/y.ts: users'];
    expect(staleEntries('L', { 'a/x.ts': ['Case', 'User'], 'b/y.ts': ['users'], 'c/gone.ts': ['photos'] }, found)).toEqual([
      "L: in the line 'a/x.ts', delete 'User' (no longer named there)",
      "L: delete the line 'c/gone.ts' (nothing in it reaches another folder any more)",
    ]);
  });

  it('sees a table in SQL text and in query-builder calls, and not in comments', () => {
    const probe = (text: string) => {
      const code = withoutComments(text);
      return [...[...code.matchAll(SQL_TABLE)].map((m) => m[1]), ...[...code.matchAll(BUILDER_TABLE)].map((m) => m[2] ?? m[3])];
    };
    expect(probe('em.query(`SELECT c.id FROM cases c LEFT JOIN users u ON u.id = c.userId`)')).toEqual(['cases', 'users']);
    expect(probe("qb.innerJoin('departments', 'd', 'd.id = c.departmentId').leftJoin(Photo, 'p')")).toEqual(['departments', 'Photo']);
    expect(probe('db.query(\'UPDATE photos SET role = NULL\'); db.query("INSERT INTO `rewards` (id) VALUES (1)")')).toEqual([
      'photos',
      'rewards',
    ]);
    expect(probe("// joins cases FROM cases\n/* FROM users */ import { x } from 'y'; const u = 'http://host/a';")).toEqual([]);
  });
});
