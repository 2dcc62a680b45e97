import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Frozen copies of database/read-scopes.ts as of this migration (a later change there needs a migration of its own;
 * read-scopes.int-spec writes every case status and checks the scope the app names moves).
 */
const STATUSES = ['submitted', 'accepted', 'rejected', 'merged', 'dispatched', 'in_progress', 'resolved', 'closed'];
const SHARDS = 64;
const DEPARTMENT_BUCKETS = 64;
const NO_DEPARTMENT = 64;
const ANY_DEPARTMENT = 65;
const PER_STATUS = 66;
const USERS = 700;
const REFERENCE = 701;
const REPORTERS = 1000;
const REPORTER_BUCKETS = 1024;

const statusIndex = (row: string) => `FIELD(${row}.status, ${STATUSES.map((s) => `'${s}'`).join(', ')})`;
/** The scope of a case's department and status, and of its status in any department. */
const caseScope = (row: string) =>
  `1 + ${statusIndex(row)} * ${PER_STATUS} + COALESCE(${row}.departmentId % ${DEPARTMENT_BUCKETS}, ${NO_DEPARTMENT})`;
const anyScope = (row: string) => `1 + ${statusIndex(row)} * ${PER_STATUS} + ${ANY_DEPARTMENT}`;
const reporterScope = (userId: string) => `${REPORTERS} + ${userId} % ${REPORTER_BUCKETS}`;

const SHARD = `CONNECTION_ID() % ${SHARDS}`;
/**
 * A bump: its connection's row of each scope named. A trigger's first statement names scope 0 (ANY_WRITE) with the
 * scopes its row gives without a lookup: the rows of one statement are locked in key order, so scope 0 first, and two
 * transactions of one shard queue on it before any other row of the shard, as on read_versions before (no lock wait
 * added, no deadlock between writers). NULLs (nothing looked up) match no row.
 */
const bump = (scopes: string[]) => `UPDATE read_scopes SET n = n + 1 WHERE shard = ${SHARD} AND scope IN (${scopes.join(', ')})`;

/**
 * A trigger's body: its first bump (scope 0 and what the row itself gives), then, only when `when` holds, a block that
 * looks up what the row points at and bumps that. MariaDB resolves every item of a trigger's statements on each row,
 * so the common path is kept to a few items and no variables: a write of intake runs the first bump alone.
 */
interface Body {
  /** Scopes, or two lists: `then` when `if` holds, else `else` (the columns compared only on the rarer branch). */
  first: string[] | { if: string; then: string[]; else: string[] };
  /** One condition, or several tested in turn (the cheapest first: a write of intake stops at it). */
  when?: string | string[];
  vars?: string[];
  lookups?: string[];
  then?: string[];
  after?: string;
}
type Bodies = Record<'ins' | 'upd' | 'del', Body>;

/**
 * A case's two scopes (and those of the case it is merged into, whose row lists its reports) into `v`, `v_any`, `v_up`,
 * `v_up_any` (a missing case: NULLs). Read FOR UPDATE from the triggers of reports, photos and extensions: the newest
 * committed row, not the transaction's first snapshot (a case moved to another department meanwhile moves that
 * department's scope), and a concurrent move waits for this commit. The writers of one case queue on its row, which
 * most of them write anyway (a me-too's count, the verdict's flag, a staff action): a shared lock would deadlock two of
 * them when both upgrade it. From a trigger on cases MariaDB allows only a shared lock on cases.
 */
const caseVars = (v: string) => [v, `${v}_any`, `${v}_master`, `${v}_up`, `${v}_up_any`];
const caseScopesOf = (v: string) => [v, `${v}_any`, `${v}_up`, `${v}_up_any`];
const caseLookup = (v: string, id: string, fromCases: boolean) => {
  const lock = fromCases ? 'LOCK IN SHARE MODE' : 'FOR UPDATE';
  return `IF ${id} > 0 THEN
        SELECT ${caseScope('c')}, ${anyScope('c')}, c.masterCaseId INTO ${v}, ${v}_any, ${v}_master FROM cases c WHERE c.id = ${id} ${lock};
        IF ${v}_master IS NOT NULL THEN
          SELECT ${caseScope('c')}, ${anyScope('c')} INTO ${v}_up, ${v}_up_any FROM cases c WHERE c.id = ${v}_master ${lock};
        END IF;
      END IF;`;
};
/** The cases a row points at (OLD's and, when it moved, NEW's): the block's variables, lookups and bump. */
const casesOf = (column: string, fromCases: boolean): Pick<Body, 'vars' | 'lookups' | 'then'> => ({
  vars: [...caseVars('oc'), ...caseVars('nc')],
  lookups: [
    caseLookup('oc', `OLD.${column}`, fromCases),
    `IF NOT (NEW.${column} <=> OLD.${column}) THEN ${caseLookup('nc', `NEW.${column}`, fromCases)} END IF;`,
  ],
  then: [...caseScopesOf('oc'), ...caseScopesOf('nc')],
});
const caseOf = (row: 'NEW' | 'OLD', column: string, fromCases: boolean): Pick<Body, 'vars' | 'lookups' | 'then'> => ({
  vars: caseVars('c1'),
  lookups: [caseLookup('c1', `${row}.${column}`, fromCases)],
  then: caseScopesOf('c1'),
});

/**
 * Every resident whose my reports show a case's status: its reporters, and those of the cases merged into it, by key
 * (reports by case, cases by master), each bucket's row once.
 */
const reporters = (id: string) =>
  `UPDATE reports r JOIN read_scopes s ON s.scope = ${reporterScope('r.userId')} AND s.shard = ${SHARD} SET s.n = s.n + 1 WHERE r.caseId = ${id};
    UPDATE cases m JOIN reports r ON r.caseId = m.id JOIN read_scopes s ON s.scope = ${reporterScope('r.userId')} AND s.shard = ${SHARD}
      SET s.n = s.n + 1 WHERE m.masterCaseId = ${id};`;

const CASES: Bodies = {
  ins: { first: ['0', caseScope('NEW'), anyScope('NEW')], when: 'NEW.masterCaseId IS NOT NULL', ...caseOf('NEW', 'masterCaseId', true) },
  upd: {
    first: ['0', caseScope('OLD'), anyScope('OLD'), caseScope('NEW'), anyScope('NEW')],
    when: 'NOT (NEW.masterCaseId <=> OLD.masterCaseId)',
    ...casesOf('masterCaseId', true),
    // My reports show a case's status, and a merged case's master's.
    after: `IF NOT (NEW.status <=> OLD.status AND NEW.masterCaseId <=> OLD.masterCaseId AND NEW.id = OLD.id) THEN
    ${reporters('OLD.id')}
    IF NEW.id <> OLD.id THEN ${reporters('NEW.id')} END IF;
  END IF;`,
  },
  del: {
    first: ['0', caseScope('OLD'), anyScope('OLD')],
    when: 'OLD.masterCaseId IS NOT NULL',
    ...caseOf('OLD', 'masterCaseId', true),
    after: reporters('OLD.id'),
  },
};

/**
 * A report's case: its row lists report ids. A report written before its case (caseId 0: intake and an inspection
 * finding, which open the case and fill caseId in the same transaction) looks nothing up: the case's insert in that
 * transaction has moved its scopes.
 */
const REPORTS: Bodies = {
  ins: { first: ['0', reporterScope('NEW.userId')], when: 'NEW.caseId <> 0', ...caseOf('NEW', 'caseId', false) },
  upd: {
    first: ['0', reporterScope('OLD.userId'), reporterScope('NEW.userId')],
    when: '(NEW.caseId <> OLD.caseId OR NEW.id <> OLD.id) AND OLD.caseId <> 0',
    ...casesOf('caseId', false),
  },
  del: { first: ['0', reporterScope('OLD.userId')], when: 'OLD.caseId <> 0', ...caseOf('OLD', 'caseId', false) },
};

/**
 * A photo: my reports show it on its report's card (reportCardsSql), a list row as its case's thumbnail (caseThumbSql:
 * the first photo of role evidence or before). A photo's report is its owner's (attach takes only the submitter's own
 * photos). A write of the image check's own notes (its trace id, its ask time) moves it only when the card changes too;
 * any other write of a photo moves it, which costs less than comparing the card's columns on every write. A photo given
 * its report and case at once is intake's, whose case was opened in the same transaction (a feedback photo, given an
 * older report and case, is no thumbnail).
 */
const SAME_CARD = ['id', 'reportId', 'caseId', 'role', 'contentCheck', 'width', 'height', 'ownerUserId']
  .map((c) => `NEW.${c} <=> OLD.${c}`)
  .join(' AND ');
const THUMB = (row: string) => `${row}.role IN ('evidence', 'before')`;
const ownerScope = (row: string) => reporterScope(`${row}.ownerUserId`);
const PHOTOS: Bodies = {
  ins: { first: ['0', ownerScope('NEW')], when: `NEW.caseId IS NOT NULL AND ${THUMB('NEW')}`, ...caseOf('NEW', 'caseId', false) },
  upd: {
    first: {
      if: 'NEW.contentTraceId <=> OLD.contentTraceId AND NEW.contentCheckAskedAt <=> OLD.contentCheckAskedAt',
      then: ['0', ownerScope('OLD'), ownerScope('NEW')],
      else: ['0', `IF(${SAME_CARD}, NULL, ${ownerScope('OLD')})`, `IF(${SAME_CARD}, NULL, ${ownerScope('NEW')})`],
    },
    when: [
      'NOT (NEW.caseId <=> OLD.caseId AND NEW.role <=> OLD.role AND NEW.id = OLD.id)',
      `(${THUMB('OLD')} OR ${THUMB('NEW')}) AND NOT (OLD.reportId IS NULL AND OLD.caseId IS NULL AND NEW.reportId IS NOT NULL)`,
    ],
    ...casesOf('caseId', false),
  },
  del: { first: ['0', ownerScope('OLD')], when: `OLD.caseId IS NOT NULL AND ${THUMB('OLD')}`, ...caseOf('OLD', 'caseId', false) },
};

const CASE_EXTENSIONS: Bodies = {
  ins: { first: ['0'], when: 'TRUE', ...caseOf('NEW', 'caseId', false) },
  upd: { first: ['0'], when: 'TRUE', ...casesOf('caseId', false) },
  del: { first: ['0'], when: 'TRUE', ...caseOf('OLD', 'caseId', false) },
};

/**
 * The lists show a user's name (and my reports their own rows): every column but those a login or a password change
 * writes (sessionKey, passwordHash, credentialVersion, lastLoginAt, loginFailures, loginLockedUntil, updatedAt), so a
 * login ends no kept answer. A new user is on no list and has no reports yet.
 */
const USER_SHOWN = [
  'id',
  'kind',
  'openid',
  'unionid',
  'username',
  'displayName',
  'roles',
  'departmentId',
  'phone',
  'wecomUserId',
  'active',
  'deletedAt',
  'createdAt',
]
  .map((c) => `NEW.${c} <=> OLD.${c}`)
  .join(' AND ');
const USERS_BODIES: Bodies = {
  ins: { first: ['0'] },
  upd: { first: ['0'], when: `NOT (${USER_SHOWN})`, then: [`${USERS}`, reporterScope('OLD.id'), reporterScope('NEW.id')] },
  del: { first: ['0', `${USERS}`, reporterScope('OLD.id')] },
};

const REFERENCE_BODIES: Bodies = {
  ins: { first: ['0', `${REFERENCE}`] },
  upd: { first: ['0', `${REFERENCE}`] },
  del: { first: ['0', `${REFERENCE}`] },
};

const TABLES: Record<string, Bodies> = {
  cases: CASES,
  reports: REPORTS,
  photos: PHOTOS,
  case_extensions: CASE_EXTENSIONS,
  users: USERS_BODIES,
  departments: REFERENCE_BODIES,
  categories: REFERENCE_BODIES,
};
const EVENTS = { ins: 'INSERT', upd: 'UPDATE', del: 'DELETE' } as const;

/** A trigger's statement: its first bump alone when nothing follows it, else a block. */
function triggerBody(b: Body): string {
  const first = Array.isArray(b.first) ? bump(b.first) : `IF ${b.first.if} THEN ${bump(b.first.then)}; ELSE ${bump(b.first.else)}; END IF`;
  if (!b.when && !b.after && Array.isArray(b.first)) return first;
  const conditions = b.when === undefined ? [] : Array.isArray(b.when) ? b.when : [b.when];
  const block = !conditions.length
    ? ''
    : conditions.reduceRight(
        (inner, condition) => `IF ${condition} THEN ${inner} END IF;`,
        `BEGIN
      ${(b.vars ?? []).map((v) => `DECLARE ${v} INT DEFAULT NULL;`).join(' ')}
      ${(b.lookups ?? []).join('\n      ')}
      ${bump(b.then ?? [])};
    END;`,
      );
  return `BEGIN
  ${first};
  ${block}
  ${b.after ?? ''}
END`;
}

/**
 * Read versions per scope on MariaDB, so that a write ends only the kept answers it can change (DataVersion, the
 * scopes of database/read-scopes.ts): a case's list rows by department × status (and by status in any department), a
 * resident's my reports by reporter bucket, the handlers' names (users), the reference tables, and scope 0, every write
 * (ANY_WRITE, for an answer no narrower scope covers; read_versions' sums until now, whose table this replaces). Each
 * trigger makes one UPDATE of read_scopes, its connection's shard of scope 0 and of the scopes its row names, after
 * the lookups that name them (a case's department and status, a report's owner): no procedure call, and a write that
 * moves nothing narrower (an image check's trace id, a login) only scope 0. All rows exist beforehand: every bump is
 * an update of rows by their key.
 */
export class ReadScopes1796650000000 implements MigrationInterface {
  name = 'ReadScopes1796650000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`read_scopes\` (\`scope\` int NOT NULL, \`shard\` int NOT NULL, \`n\` bigint NOT NULL DEFAULT 0, PRIMARY KEY (\`scope\`, \`shard\`)) ENGINE=InnoDB`,
    );
    const scopes = [
      0,
      ...Array.from({ length: (STATUSES.length + 1) * PER_STATUS }, (_, i) => 1 + i),
      USERS,
      REFERENCE,
      ...Array.from({ length: REPORTER_BUCKETS }, (_, i) => REPORTERS + i),
    ];
    const shards = Array.from({ length: SHARDS }, (_, i) => i);
    for (let i = 0; i < scopes.length; i += 64)
      await queryRunner.query(
        `INSERT INTO \`read_scopes\` (\`scope\`, \`shard\`) VALUES ${scopes
          .slice(i, i + 64)
          .flatMap((scope) => shards.map((shard) => `(${scope}, ${shard})`))
          .join(', ')}`,
      );
    // Scope 0 goes on from read_versions' sums, so no token read before this migration comes back after it.
    await queryRunner.query(`UPDATE read_scopes s JOIN read_versions v ON v.shard = s.shard SET s.n = v.n WHERE s.scope = 0`);
    for (const [table, bodies] of Object.entries(TABLES))
      for (const [suffix, event] of Object.entries(EVENTS)) {
        await queryRunner.query(`DROP TRIGGER read_version_${table}_${suffix}`);
        await queryRunner.query(
          `CREATE TRIGGER read_version_${table}_${suffix} AFTER ${event} ON \`${table}\` FOR EACH ROW ${triggerBody(bodies[suffix as keyof Bodies])}`,
        );
      }
    await queryRunner.query(`DROP TABLE \`read_versions\``);
    // Instances still on the previous release (a rolling deploy runs this first) read `SUM(n) FROM read_versions`:
    // scope 0 is moved by every write, as that table was, so they keep answering, and keep answers correctly.
    await queryRunner.query(`CREATE VIEW \`read_versions\` AS SELECT \`shard\`, \`n\` FROM \`read_scopes\` WHERE \`scope\` = 0`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW \`read_versions\``);
    await queryRunner.query(
      `CREATE TABLE \`read_versions\` (\`shard\` int NOT NULL, \`n\` bigint NOT NULL DEFAULT 0, PRIMARY KEY (\`shard\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(`INSERT INTO read_versions (shard, n) SELECT shard, n FROM read_scopes WHERE scope = 0`);
    for (const table of Object.keys(TABLES))
      for (const [suffix, event] of Object.entries(EVENTS)) {
        await queryRunner.query(`DROP TRIGGER read_version_${table}_${suffix}`);
        await queryRunner.query(
          `CREATE TRIGGER read_version_${table}_${suffix} AFTER ${event} ON \`${table}\` FOR EACH ROW UPDATE read_versions SET n = n + 1 WHERE shard = CONNECTION_ID() % ${SHARDS}`,
        );
      }
    await queryRunner.query(`DROP TABLE \`read_scopes\``);
  }
}
