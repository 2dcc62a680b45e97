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
    await queryRunner.query(`DROP TABLE \`case_text_grams\``);
    await queryRunner.query(
      `CREATE TABLE \`case_text_grams\` (\`gram\` varchar(3) NOT NULL, \`block\` int NOT NULL, \`statuses\` int NOT NULL, PRIMARY KEY (\`gram\`, \`block\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(`UPDATE \`case_text_index\` SET \`blocks\` = 0 WHERE \`id\` = 1`);
    await queryRunner.query(`DELETE FROM \`case_text_changes\``);
    await queryRunner.query(`DROP TRIGGER case_text_changed`);
    await queryRunner.query(
      `CREATE TRIGGER case_text_changed AFTER UPDATE ON cases FOR EACH ROW IF NOT (BINARY NEW.description <=> BINARY OLD.description) OR NOT (BINARY NEW.address <=> BINARY OLD.address) OR NOT (BINARY NEW.landmark <=> BINARY OLD.landmark) OR NOT (NEW.status <=> OLD.status) THEN INSERT INTO case_text_changes (caseId) VALUES (NEW.id); END IF`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER case_text_changed`);
    await queryRunner.query(
      `CREATE TRIGGER case_text_changed AFTER UPDATE ON cases FOR EACH ROW IF NOT (BINARY NEW.description <=> BINARY OLD.description) OR NOT (BINARY NEW.address <=> BINARY OLD.address) OR NOT (BINARY NEW.landmark <=> BINARY OLD.landmark) THEN INSERT INTO case_text_changes (caseId) VALUES (NEW.id); END IF`,
    );
    await queryRunner.query(`DROP TABLE \`case_text_grams\``);
    await queryRunner.query(
      `CREATE TABLE \`case_text_grams\` (\`gram\` varchar(3) NOT NULL, \`block\` int NOT NULL, PRIMARY KEY (\`gram\`, \`block\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(`UPDATE \`case_text_index\` SET \`blocks\` = 0 WHERE \`id\` = 1`);
    await queryRunner.query(`DELETE FROM \`case_text_changes\``);
  }
}
