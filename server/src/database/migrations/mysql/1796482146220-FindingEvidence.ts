import { MigrationInterface, QueryRunner } from 'typeorm';

export class FindingEvidence1796482146220 implements MigrationInterface {
  name = 'FindingEvidence1796482146220';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`inspection_findings\` ADD \`evidence\` text NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`inspection_findings\` DROP COLUMN \`evidence\``);
  }
}
