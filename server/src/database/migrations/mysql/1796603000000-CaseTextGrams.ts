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
    await queryRunner.query(`CREATE TABLE \`text_positions\` (\`n\` int NOT NULL, PRIMARY KEY (\`n\`)) ENGINE=InnoDB`);
    await queryRunner.query(
      `INSERT INTO text_positions (n) WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1000) SELECT n FROM s`,
    );
    await queryRunner.query(
      `CREATE TABLE \`case_text_grams\` (\`gram\` varchar(4) NOT NULL, \`block\` int NOT NULL, PRIMARY KEY (\`gram\`, \`block\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `INSERT IGNORE INTO case_text_grams (gram, block) SELECT SUBSTRING(t.v, p.n, 1) AS gram, t.id DIV 1024 AS block FROM (SELECT id, description AS v FROM cases UNION ALL SELECT id, address FROM cases UNION ALL SELECT id, landmark FROM cases) t JOIN text_positions p ON p.n <= CHAR_LENGTH(t.v) UNION ALL SELECT SUBSTRING(t.v, p.n, 2), t.id DIV 1024 FROM (SELECT id, description AS v FROM cases UNION ALL SELECT id, address FROM cases UNION ALL SELECT id, landmark FROM cases) t JOIN text_positions p ON p.n < CHAR_LENGTH(t.v) UNION ALL SELECT SUBSTRING(t.v, p.n, 3), t.id DIV 1024 FROM (SELECT id, description AS v FROM cases UNION ALL SELECT id, address FROM cases UNION ALL SELECT id, landmark FROM cases) t JOIN text_positions p ON p.n + 1 < CHAR_LENGTH(t.v) UNION ALL SELECT '....', t.id DIV 1024 FROM (SELECT id, description AS v FROM cases UNION ALL SELECT id, address FROM cases UNION ALL SELECT id, landmark FROM cases) t WHERE CHAR_LENGTH(t.v) > 1000`,
    );
    await queryRunner.query(
      `CREATE TRIGGER case_text_grams_new_case AFTER INSERT ON cases FOR EACH ROW PRECEDES case_day_figures_new_case INSERT IGNORE INTO case_text_grams (gram, block) SELECT SUBSTRING(t.v, p.n, 1) AS gram, NEW.id DIV 1024 AS block FROM (SELECT NEW.description AS v UNION ALL SELECT NEW.address UNION ALL SELECT NEW.landmark) t JOIN text_positions p ON p.n <= CHAR_LENGTH(t.v) UNION ALL SELECT SUBSTRING(t.v, p.n, 2), NEW.id DIV 1024 FROM (SELECT NEW.description AS v UNION ALL SELECT NEW.address UNION ALL SELECT NEW.landmark) t JOIN text_positions p ON p.n < CHAR_LENGTH(t.v) UNION ALL SELECT SUBSTRING(t.v, p.n, 3), NEW.id DIV 1024 FROM (SELECT NEW.description AS v UNION ALL SELECT NEW.address UNION ALL SELECT NEW.landmark) t JOIN text_positions p ON p.n + 1 < CHAR_LENGTH(t.v) UNION ALL SELECT '....', NEW.id DIV 1024 FROM (SELECT NEW.description AS v UNION ALL SELECT NEW.address UNION ALL SELECT NEW.landmark) t WHERE CHAR_LENGTH(t.v) > 1000`,
    );
    await queryRunner.query(
      `CREATE TRIGGER case_text_grams_edit AFTER UPDATE ON cases FOR EACH ROW IF NOT (BINARY NEW.description <=> BINARY OLD.description) OR NOT (BINARY NEW.address <=> BINARY OLD.address) OR NOT (BINARY NEW.landmark <=> BINARY OLD.landmark) THEN INSERT IGNORE INTO case_text_grams (gram, block) SELECT SUBSTRING(t.v, p.n, 1) AS gram, NEW.id DIV 1024 AS block FROM (SELECT NEW.description AS v UNION ALL SELECT NEW.address UNION ALL SELECT NEW.landmark) t JOIN text_positions p ON p.n <= CHAR_LENGTH(t.v) UNION ALL SELECT SUBSTRING(t.v, p.n, 2), NEW.id DIV 1024 FROM (SELECT NEW.description AS v UNION ALL SELECT NEW.address UNION ALL SELECT NEW.landmark) t JOIN text_positions p ON p.n < CHAR_LENGTH(t.v) UNION ALL SELECT SUBSTRING(t.v, p.n, 3), NEW.id DIV 1024 FROM (SELECT NEW.description AS v UNION ALL SELECT NEW.address UNION ALL SELECT NEW.landmark) t JOIN text_positions p ON p.n + 1 < CHAR_LENGTH(t.v) UNION ALL SELECT '....', NEW.id DIV 1024 FROM (SELECT NEW.description AS v UNION ALL SELECT NEW.address UNION ALL SELECT NEW.landmark) t WHERE CHAR_LENGTH(t.v) > 1000; END IF`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER case_text_grams_edit`);
    await queryRunner.query(`DROP TRIGGER case_text_grams_new_case`);
    await queryRunner.query(`DROP TABLE \`case_text_grams\``);
    await queryRunner.query(`DROP TABLE \`text_positions\``);
  }
}
