import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The search box's index (cases/case-text-index.ts), empty: the indexer fills it behind the writes, block by block
 * (at a million cases: docs/operations.md). `case_text_changed` lists a case whose description, address or landmark
 * changed, for the indexer to read again; for any other update it only compares the three texts.
 */
export class CaseTextIndex1796610000000 implements MigrationInterface {
  name = 'CaseTextIndex1796610000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`case_text_grams\` (\`gram\` varchar(3) NOT NULL, \`block\` int NOT NULL, PRIMARY KEY (\`gram\`, \`block\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(`CREATE TABLE \`case_text_index\` (\`id\` int NOT NULL, \`blocks\` int NOT NULL, PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`INSERT INTO \`case_text_index\` (\`id\`, \`blocks\`) VALUES (1, 0)`);
    await queryRunner.query(
      `CREATE TABLE \`case_text_changes\` (\`seq\` bigint NOT NULL AUTO_INCREMENT, \`caseId\` int NOT NULL, PRIMARY KEY (\`seq\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TRIGGER case_text_changed AFTER UPDATE ON cases FOR EACH ROW IF NOT (BINARY NEW.description <=> BINARY OLD.description) OR NOT (BINARY NEW.address <=> BINARY OLD.address) OR NOT (BINARY NEW.landmark <=> BINARY OLD.landmark) THEN INSERT INTO case_text_changes (caseId) VALUES (NEW.id); END IF`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER case_text_changed`);
    await queryRunner.query(`DROP TABLE \`case_text_changes\``);
    await queryRunner.query(`DROP TABLE \`case_text_index\``);
    await queryRunner.query(`DROP TABLE \`case_text_grams\``);
  }
}
