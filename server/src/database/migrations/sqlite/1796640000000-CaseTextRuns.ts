import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The search box's index learns in which runs of 8 ids of its block each piece occurs (`case_text_grams.runs_0`
 * … `runs_3`, a bit per run: cases/case-text-index.ts), so a word in a few cases of every block and status (a road
 * number) is read run by run instead of walking every status. The index is emptied and its watermark set back: the job
 * fills it again behind the writes (at a million cases: docs/operations.md); until then the search box reads the
 * cases, as before the index.
 */
export class CaseTextRuns1796640000000 implements MigrationInterface {
  name = 'CaseTextRuns1796640000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "case_text_grams"`);
    await queryRunner.query(
      `CREATE TABLE "case_text_grams" ("gram" varchar(3) NOT NULL, "block" integer NOT NULL, "statuses" integer NOT NULL, "runs_0" integer NOT NULL, "runs_1" integer NOT NULL, "runs_2" integer NOT NULL, "runs_3" integer NOT NULL, PRIMARY KEY ("gram", "block")) WITHOUT ROWID`,
    );
    await queryRunner.query(`UPDATE "case_text_index" SET "blocks" = 0 WHERE "id" = 1`);
    await queryRunner.query(`DELETE FROM "case_text_changes"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "case_text_grams"`);
    await queryRunner.query(
      `CREATE TABLE "case_text_grams" ("gram" varchar(3) NOT NULL, "block" integer NOT NULL, "statuses" integer NOT NULL, PRIMARY KEY ("gram", "block")) WITHOUT ROWID`,
    );
    await queryRunner.query(`UPDATE "case_text_index" SET "blocks" = 0 WHERE "id" = 1`);
    await queryRunner.query(`DELETE FROM "case_text_changes"`);
  }
}
