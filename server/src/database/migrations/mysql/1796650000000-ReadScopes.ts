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

/** Every trigger's first statement: its connection's row of read_versions, then only rows of the same shard. */
const GATE = `UPDATE read_versions SET n = n + 1 WHERE shard = s;`;
const bump = (scopes: string) => `UPDATE read_scopes SET n = n + 1 WHERE shard = s AND scope IN (${scopes});`;

/** Per event: the body after `DECLARE s`, with NEW and OLD as the event has them. */
type Bodies = Record<'ins' | 'upd' | 'del', string>;

const CASES: Bodies = {
  ins: `${bump(`${caseScope('NEW')}, ${anyScope('NEW')}`)}
    IF NEW.masterCaseId IS NOT NULL THEN CALL read_scope_case(s, NEW.masterCaseId, TRUE); END IF;`,
  upd: `${bump(`${caseScope('OLD')}, ${anyScope('OLD')}, ${caseScope('NEW')}, ${anyScope('NEW')}`)}
    IF NOT (NEW.status <=> OLD.status AND NEW.masterCaseId <=> OLD.masterCaseId AND NEW.id = OLD.id) THEN
      CALL read_scope_reporters(s, OLD.id);
      IF NEW.id <> OLD.id THEN CALL read_scope_reporters(s, NEW.id); END IF;
    END IF;
    IF NOT (NEW.masterCaseId <=> OLD.masterCaseId) THEN
      CALL read_scope_case(s, OLD.masterCaseId, TRUE);
      CALL read_scope_case(s, NEW.masterCaseId, TRUE);
    END IF;`,
  del: `${bump(`${caseScope('OLD')}, ${anyScope('OLD')}`)}
    CALL read_scope_reporters(s, OLD.id);
    CALL read_scope_case(s, OLD.masterCaseId, TRUE);`,
};

const REPORTS: Bodies = {
  ins: `${bump(reporterScope('NEW.userId'))}
    CALL read_scope_case(s, NEW.caseId, FALSE);`,
  upd: `${bump(`${reporterScope('OLD.userId')}, ${reporterScope('NEW.userId')}`)}
    IF NOT (NEW.caseId <=> OLD.caseId AND NEW.id = OLD.id) THEN
      CALL read_scope_case(s, OLD.caseId, FALSE);
      CALL read_scope_case(s, NEW.caseId, FALSE);
    END IF;`,
  del: `${bump(reporterScope('OLD.userId'))}
    CALL read_scope_case(s, OLD.caseId, FALSE);`,
};

/** What the answers read of a photo: my reports its card (reportCardsSql), a list row its case's thumbnail (caseThumbSql). */
const SAME_CARD = ['id', 'reportId', 'caseId', 'role', 'contentCheck', 'width', 'height'].map((c) => `NEW.${c} <=> OLD.${c}`).join(' AND ');
const SAME_THUMB = ['id', 'caseId', 'role'].map((c) => `NEW.${c} <=> OLD.${c}`).join(' AND ');

const PHOTOS: Bodies = {
  ins: `CALL read_scope_report(s, NEW.reportId);
    CALL read_scope_case(s, NEW.caseId, FALSE);`,
  // The image check's trace id and ask time move nothing; a verdict moves the owner's my reports only.
  upd: `IF NOT (${SAME_CARD}) THEN
      CALL read_scope_report(s, OLD.reportId);
      IF NOT (NEW.reportId <=> OLD.reportId) THEN CALL read_scope_report(s, NEW.reportId); END IF;
    END IF;
    IF NOT (${SAME_THUMB}) THEN
      CALL read_scope_case(s, OLD.caseId, FALSE);
      IF NOT (NEW.caseId <=> OLD.caseId) THEN CALL read_scope_case(s, NEW.caseId, FALSE); END IF;
    END IF;`,
  del: `CALL read_scope_report(s, OLD.reportId);
    CALL read_scope_case(s, OLD.caseId, FALSE);`,
};

const CASE_EXTENSIONS: Bodies = {
  ins: `CALL read_scope_case(s, NEW.caseId, FALSE);`,
  upd: `CALL read_scope_case(s, OLD.caseId, FALSE);
    IF NOT (NEW.caseId <=> OLD.caseId) THEN CALL read_scope_case(s, NEW.caseId, FALSE); END IF;`,
  del: `CALL read_scope_case(s, OLD.caseId, FALSE);`,
};

const USERS_BODIES: Bodies = {
  ins: bump(`${USERS}, ${reporterScope('NEW.id')}`),
  upd: bump(`${USERS}, ${reporterScope('OLD.id')}, ${reporterScope('NEW.id')}`),
  del: bump(`${USERS}, ${reporterScope('OLD.id')}`),
};

const REFERENCE_BODIES: Bodies = { ins: bump(`${REFERENCE}`), upd: bump(`${REFERENCE}`), del: bump(`${REFERENCE}`) };

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

/**
 * The procedures the triggers call. A case is read FOR UPDATE: the newest committed row, not the transaction's first
 * snapshot (a case moved to another department meanwhile moves that department's scope), and a concurrent move waits
 * for this commit, then moves the scopes itself. The writers of one case queue on its row, which most of them write
 * anyway (a me-too's count, the verdict's flag, a staff action): a shared lock would deadlock two of them when both
 * upgrade it. From a trigger on cases MariaDB allows only a shared lock on cases (a merge has locked both cases for
 * update first). A report's owner never changes: a plain read.
 */
/** A case's two scopes (and its master, when `into` names three variables) into `into`, a missing case as NULLs. */
const caseScopes = (id: string, into: string, lock: string) =>
  `SELECT ${caseScope('c')}, ${anyScope('c')}${into.split(',').length === 3 ? ', c.masterCaseId' : ''} INTO ${into}
          FROM (SELECT 1) one LEFT JOIN cases c ON c.id = ${id} ${lock};`;

const PROCEDURES = [
  // A case's list rows (its department and status, and those of the case it is merged into, whose row lists its reports).
  `CREATE PROCEDURE read_scope_case(IN s INT, IN case_id INT, IN from_cases BOOLEAN)
  BEGIN
    DECLARE own INT DEFAULT NULL; DECLARE own_any INT DEFAULT NULL; DECLARE master INT DEFAULT NULL;
    DECLARE up INT DEFAULT NULL; DECLARE up_any INT DEFAULT NULL;
    -- 0: a report written before its case (intake fills caseId in the same transaction).
    IF case_id > 0 THEN
      IF from_cases THEN
        ${caseScopes('case_id', 'own, own_any, master', 'LOCK IN SHARE MODE')}
        IF master IS NOT NULL THEN ${caseScopes('master', 'up, up_any', 'LOCK IN SHARE MODE')} END IF;
      ELSE
        ${caseScopes('case_id', 'own, own_any, master', 'FOR UPDATE')}
        IF master IS NOT NULL THEN ${caseScopes('master', 'up, up_any', 'FOR UPDATE')} END IF;
      END IF;
      UPDATE read_scopes SET n = n + 1 WHERE shard = s AND scope IN (own, own_any, up, up_any);
    END IF;
  END`,
  // A report's owner (my reports show its photos).
  `CREATE PROCEDURE read_scope_report(IN s INT, IN report_id INT)
  BEGIN
    DECLARE owner INT DEFAULT NULL;
    IF report_id IS NOT NULL THEN
      SELECT r.userId INTO owner FROM (SELECT 1) one LEFT JOIN reports r ON r.id = report_id;
      UPDATE read_scopes SET n = n + 1 WHERE shard = s AND scope = ${reporterScope('owner')};
    END IF;
  END`,
  // Every resident whose my reports show a case's status: its reporters, and those of the cases merged into it.
  `CREATE PROCEDURE read_scope_reporters(IN s INT, IN case_id INT)
  BEGIN
    DECLARE bucket INT;
    DECLARE done INT DEFAULT 0;
    DECLARE owners CURSOR FOR
      (SELECT r.userId % ${REPORTER_BUCKETS} FROM reports r WHERE r.caseId = case_id LOCK IN SHARE MODE)
      UNION (SELECT r.userId % ${REPORTER_BUCKETS} FROM cases m JOIN reports r ON r.caseId = m.id WHERE m.masterCaseId = case_id
        LOCK IN SHARE MODE);
    DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = 1;
    OPEN owners;
    next_owner: LOOP
      FETCH owners INTO bucket;
      IF done THEN LEAVE next_owner; END IF;
      UPDATE read_scopes SET n = n + 1 WHERE shard = s AND scope = ${REPORTERS} + bucket;
    END LOOP;
    CLOSE owners;
  END`,
];

/**
 * Read versions per scope on MariaDB, so that a write ends only the kept answers it can change (DataVersion, the
 * scopes of database/read-scopes.ts): a case's list rows by department × status (and by status in any department), a
 * resident's my reports by reporter bucket, the handlers' names (users), the reference tables. Each trigger first bumps
 * its connection's shard of read_versions, the sum every answer without a narrower scope still reads, then only rows
 * of read_scopes of the same shard: two transactions that touch one row of read_scopes have already queued on their
 * shard's row of read_versions, so the scopes add no lock wait and no deadlock between writers. All rows exist
 * beforehand: every bump is an update of one row by its key.
 */
export class ReadScopes1796650000000 implements MigrationInterface {
  name = 'ReadScopes1796650000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`read_scopes\` (\`scope\` int NOT NULL, \`shard\` int NOT NULL, \`n\` bigint NOT NULL DEFAULT 0, PRIMARY KEY (\`scope\`, \`shard\`)) ENGINE=InnoDB`,
    );
    const scopes = [
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
    for (const sql of PROCEDURES) await queryRunner.query(sql);
    for (const [table, bodies] of Object.entries(TABLES))
      for (const [suffix, event] of Object.entries(EVENTS)) {
        await queryRunner.query(`DROP TRIGGER read_version_${table}_${suffix}`);
        await queryRunner.query(
          `CREATE TRIGGER read_version_${table}_${suffix} AFTER ${event} ON \`${table}\` FOR EACH ROW
  BEGIN
    DECLARE s INT DEFAULT CONNECTION_ID() % ${SHARDS};
    ${GATE}
    ${bodies[suffix as keyof Bodies]}
  END`,
        );
      }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of Object.keys(TABLES))
      for (const [suffix, event] of Object.entries(EVENTS)) {
        await queryRunner.query(`DROP TRIGGER read_version_${table}_${suffix}`);
        await queryRunner.query(
          `CREATE TRIGGER read_version_${table}_${suffix} AFTER ${event} ON \`${table}\` FOR EACH ROW UPDATE read_versions SET n = n + 1 WHERE shard = CONNECTION_ID() % ${SHARDS}`,
        );
      }
    for (const name of ['read_scope_case', 'read_scope_report', 'read_scope_reporters']) await queryRunner.query(`DROP PROCEDURE ${name}`);
    await queryRunner.query(`DROP TABLE \`read_scopes\``);
  }
}
