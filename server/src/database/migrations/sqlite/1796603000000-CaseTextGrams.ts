import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The search box's index (cases/case-text-grams.ts): the 1-, 2- and 3-character pieces of the cases' description,
 * address and landmark per block of 1,024 case ids, kept by two triggers on `cases`, filled here for the existing
 * cases (at 1M cases: docs/performance.md, "Case lists at 1M: the search box, twelfth round"). Written out so that this
 * migration keeps meaning what it meant when the code moves on. A later migration that recreates the cases table must
 * create both triggers again (case-text-grams.int-spec checks that they are there).
 */
export class CaseTextGrams1796603000000 implements MigrationInterface {
  name = 'CaseTextGrams1796603000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "text_positions" ("n" integer PRIMARY KEY NOT NULL)`);
    await queryRunner.query(
      `INSERT INTO text_positions (n) WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1000) SELECT n FROM s`,
    );
    await queryRunner.query(
      `CREATE TABLE "case_text_grams" ("gram" varchar(4) NOT NULL, "block" integer NOT NULL, PRIMARY KEY ("gram", "block")) WITHOUT ROWID`,
    );
    await queryRunner.query(
      `INSERT OR IGNORE INTO case_text_grams (gram, block) SELECT lower(substr(t.v, p.n, 1)) AS gram, t.id / 1024 AS block FROM (SELECT id, description AS v FROM cases UNION ALL SELECT id, address FROM cases UNION ALL SELECT id, landmark FROM cases) t JOIN text_positions p ON p.n <= length(t.v) UNION ALL SELECT lower(substr(t.v, p.n, 2)), t.id / 1024 FROM (SELECT id, description AS v FROM cases UNION ALL SELECT id, address FROM cases UNION ALL SELECT id, landmark FROM cases) t JOIN text_positions p ON p.n < length(t.v) UNION ALL SELECT lower(substr(t.v, p.n, 3)), t.id / 1024 FROM (SELECT id, description AS v FROM cases UNION ALL SELECT id, address FROM cases UNION ALL SELECT id, landmark FROM cases) t JOIN text_positions p ON p.n + 1 < length(t.v) UNION ALL SELECT '....', t.id / 1024 FROM (SELECT id, description AS v FROM cases UNION ALL SELECT id, address FROM cases UNION ALL SELECT id, landmark FROM cases) t WHERE length(t.v) > 1000`,
    );
    await queryRunner.query(
      `CREATE TRIGGER case_text_grams_new_case AFTER INSERT ON cases BEGIN INSERT OR IGNORE INTO case_text_grams (gram, block) SELECT lower(substr(t.v, p.n, 1)) AS gram, NEW.id / 1024 AS block FROM (SELECT NEW.description AS v UNION ALL SELECT NEW.address UNION ALL SELECT NEW.landmark) t JOIN text_positions p ON p.n <= length(t.v) UNION ALL SELECT lower(substr(t.v, p.n, 2)), NEW.id / 1024 FROM (SELECT NEW.description AS v UNION ALL SELECT NEW.address UNION ALL SELECT NEW.landmark) t JOIN text_positions p ON p.n < length(t.v) UNION ALL SELECT lower(substr(t.v, p.n, 3)), NEW.id / 1024 FROM (SELECT NEW.description AS v UNION ALL SELECT NEW.address UNION ALL SELECT NEW.landmark) t JOIN text_positions p ON p.n + 1 < length(t.v) UNION ALL SELECT '....', NEW.id / 1024 FROM (SELECT NEW.description AS v UNION ALL SELECT NEW.address UNION ALL SELECT NEW.landmark) t WHERE length(t.v) > 1000; END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER case_text_grams_edit AFTER UPDATE OF description, address, landmark ON cases WHEN NEW.description IS NOT OLD.description OR NEW.address IS NOT OLD.address OR NEW.landmark IS NOT OLD.landmark BEGIN INSERT OR IGNORE INTO case_text_grams (gram, block) SELECT lower(substr(t.v, p.n, 1)) AS gram, NEW.id / 1024 AS block FROM (SELECT NEW.description AS v UNION ALL SELECT NEW.address UNION ALL SELECT NEW.landmark) t JOIN text_positions p ON p.n <= length(t.v) UNION ALL SELECT lower(substr(t.v, p.n, 2)), NEW.id / 1024 FROM (SELECT NEW.description AS v UNION ALL SELECT NEW.address UNION ALL SELECT NEW.landmark) t JOIN text_positions p ON p.n < length(t.v) UNION ALL SELECT lower(substr(t.v, p.n, 3)), NEW.id / 1024 FROM (SELECT NEW.description AS v UNION ALL SELECT NEW.address UNION ALL SELECT NEW.landmark) t JOIN text_positions p ON p.n + 1 < length(t.v) UNION ALL SELECT '....', NEW.id / 1024 FROM (SELECT NEW.description AS v UNION ALL SELECT NEW.address UNION ALL SELECT NEW.landmark) t WHERE length(t.v) > 1000; END`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER case_text_grams_edit`);
    await queryRunner.query(`DROP TRIGGER case_text_grams_new_case`);
    await queryRunner.query(`DROP TABLE "case_text_grams"`);
    await queryRunner.query(`DROP TABLE "text_positions"`);
  }
}
