import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The search box's index learns in which statuses each piece occurs per block (`case_text_grams.statuses`, a bit per
 * status: cases/case-text-index.ts), so a list proves a status holds none of its words without reading it.
 * `case_text_changed` now also lists a case whose status changed, for the indexer to add the new status's bit. The
 * index is emptied and its watermark set back: the job fills it again behind the writes (at a million cases:
 * docs/operations.md); until then the search box reads the cases, as before the index.
 */
export class CaseTextStatuses1796630000000 implements MigrationInterface {
  name = 'CaseTextStatuses1796630000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "case_text_grams"`);
    await queryRunner.query(
      `CREATE TABLE "case_text_grams" ("gram" varchar(3) NOT NULL, "block" integer NOT NULL, "statuses" integer NOT NULL, PRIMARY KEY ("gram", "block")) WITHOUT ROWID`,
    );
    await queryRunner.query(`UPDATE "case_text_index" SET "blocks" = 0 WHERE "id" = 1`);
    await queryRunner.query(`DELETE FROM "case_text_changes"`);
    await queryRunner.query(`DROP TRIGGER case_text_changed`);
    await queryRunner.query(
      `CREATE TRIGGER case_text_changed AFTER UPDATE OF description, address, landmark, status ON cases WHEN NEW.description IS NOT OLD.description OR NEW.address IS NOT OLD.address OR NEW.landmark IS NOT OLD.landmark OR NEW.status IS NOT OLD.status BEGIN INSERT INTO case_text_changes (caseId) VALUES (NEW.id); END`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER case_text_changed`);
    await queryRunner.query(
      `CREATE TRIGGER case_text_changed AFTER UPDATE OF description, address, landmark ON cases WHEN NEW.description IS NOT OLD.description OR NEW.address IS NOT OLD.address OR NEW.landmark IS NOT OLD.landmark BEGIN INSERT INTO case_text_changes (caseId) VALUES (NEW.id); END`,
    );
    await queryRunner.query(`DROP TABLE "case_text_grams"`);
    await queryRunner.query(
      `CREATE TABLE "case_text_grams" ("gram" varchar(3) NOT NULL, "block" integer NOT NULL, PRIMARY KEY ("gram", "block")) WITHOUT ROWID`,
    );
    await queryRunner.query(`UPDATE "case_text_index" SET "blocks" = 0 WHERE "id" = 1`);
    await queryRunner.query(`DELETE FROM "case_text_changes"`);
  }
}
