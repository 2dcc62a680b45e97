import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * One folder owns each table (docs/architecture.md "Who reads whose table"): only the folder that declares an
 * entity asks TypeORM for its repository — `@InjectRepository(X)`, `getRepository(X)` on a data source or an
 * entity manager, or an entity manager method given the class (`em.find(X, …)`, `em.count(X, …)` …). Another
 * folder asks the owner's exported service or repository. Joins inside the owner's queries are not counted:
 * a query may join a lower folder's table read-only for names (same document). Tests, test helpers and demo seeds
 * are not walked.
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

/**
 * Reaches that have not moved to the owner yet: file → the other folders' entities it still names. A move deletes
 * its entry; nothing is added here without a reason written in docs/architecture.md.
 */
const NOT_YET_MOVED: Record<string, string[]> = {
  'cases/case-lifecycle.service.ts': ['Department'],
  'cases/evidence/evidence.service.ts': ['Photo'],
  'payouts/claims.service.ts': ['Campaign', 'Reward', 'User'],
  'payouts/payout-batches.service.ts': ['Campaign', 'Reward', 'User'],
  'payouts/payout-lines.query.ts': ['Case', 'Department', 'Reward', 'User'],
  'payouts/reconciliation.service.ts': ['Campaign', 'Reward'],
  'payouts/statement-reconciliation.service.ts': ['Reward', 'User'],
  'reports/address-backfill.service.ts': ['Case'],
  'reports/image-check-sweeper.job.ts': ['Photo'],
  'reports/moderation.service.ts': ['Case', 'MediaCheckVerdict', 'Photo', 'ReportFeedback', 'User'],
  'reports/report-feedback.service.ts': ['User'],
  'reports/report-ids.ts': ['Case'],
  'reports/report-photos.ts': ['Photo'],
  'reports/report-view.service.ts': ['Case', 'CaseEvent', 'Category', 'Department', 'Photo', 'ReportFeedback'],
  'reports/reports.service.ts': ['Photo', 'User'],
  'rewards/reward-grant.service.ts': ['Case', 'Category', 'Report', 'User'],
  'routing/routing.service.ts': ['Area', 'Category', 'Department'],
  'triage/duplicate-finder.service.ts': ['Case', 'Photo'],
  'triage/triage.service.ts': ['Photo'],
  'wechat/content-security/content-security.service.ts': ['Photo'],
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

/** Entity class → the folder declaring it. */
function owners(): Map<string, string> {
  const found = new Map<string, string>();
  for (const { rel, text } of sources) for (const m of text.matchAll(/@Entity\(.*?export class (\w+)/gs)) found.set(m[1], folderOf(rel));
  return found;
}

/** "file: Entity" for every reach of a production file into another folder's entity. */
function reaches(owner: Map<string, string>): string[] {
  const found = new Set<string>();
  for (const { rel, text } of sources) {
    if (NOT_PRODUCTION.test(rel) || DEMO_SEED.test(rel) || !rel.includes('/') || folderOf(rel) === 'testing') continue;
    for (const m of text.matchAll(REPOSITORY_OF)) {
      const entity = m[1];
      if (owner.has(entity) && owner.get(entity) !== folderOf(rel)) found.add(`${rel}: ${entity}`);
    }
  }
  return [...found].sort();
}

describe('table owners: only the folder declaring an entity asks for its repository', () => {
  const owner = owners();
  const found = reaches(owner);
  const allowed = Object.entries(NOT_YET_MOVED).flatMap(([file, entities]) => entities.map((e) => `${file}: ${e}`));

  it('sees the entities and their folders (the walk works)', () => {
    expect(owner.get('Case')).toBe('cases');
    expect(owner.get('Photo')).toBe('uploads');
    expect(owner.get('InspectionFinding')).toBe('evaluation');
    expect(owner.size).toBeGreaterThan(40);
  });

  it('finds no reach into another folder’s entity beyond the list of those not yet moved', () => {
    expect(found.filter((r) => !allowed.includes(r))).toEqual([]);
  });
});
