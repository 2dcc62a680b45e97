import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The search box's index (cases/case-text-index.ts), empty: the indexer fills it behind the writes, block by block
 * (at a million cases: docs/operations.md). `case_text_changed` lists a case whose description, address or landmark
 * changed, for the indexer to read again; a status change does not run it. A later migration that recreates the cases
 * table must create the trigger again (case-text-index.int-spec checks that it is there).
 */
export class CaseTextIndex1796610000000 implements MigrationInterface {
  name = 'CaseTextIndex1796610000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "case_text_grams" ("gram" varchar(3) NOT NULL, "block" integer NOT NULL, PRIMARY KEY ("gram", "block")) WITHOUT ROWID`,
    );
    await queryRunner.query(`CREATE TABLE "case_text_index" ("id" integer PRIMARY KEY NOT NULL, "blocks" integer NOT NULL)`);
    await queryRunner.query(`INSERT INTO "case_text_index" ("id", "blocks") VALUES (1, 0)`);
    await queryRunner.query(`CREATE TABLE "case_text_changes" ("seq" integer PRIMARY KEY NOT NULL, "caseId" integer NOT NULL)`);
    await queryRunner.query(
      `CREATE TRIGGER case_text_changed AFTER UPDATE OF description, address, landmark ON cases WHEN NEW.description IS NOT OLD.description OR NEW.address IS NOT OLD.address OR NEW.landmark IS NOT OLD.landmark BEGIN INSERT INTO case_text_changes (caseId) VALUES (NEW.id); END`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER case_text_changed`);
    await queryRunner.query(`DROP TABLE "case_text_changes"`);
    await queryRunner.query(`DROP TABLE "case_text_index"`);
    await queryRunner.query(`DROP TABLE "case_text_grams"`);
  }
}
