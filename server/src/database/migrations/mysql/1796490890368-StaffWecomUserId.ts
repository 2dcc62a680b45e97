import { MigrationInterface, QueryRunner } from 'typeorm';

export class StaffWecomUserId1796490890368 implements MigrationInterface {
  name = 'StaffWecomUserId1796490890368';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`users\` ADD \`wecomUserId\` varchar(64) NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`users\` DROP COLUMN \`wecomUserId\``);
  }
}
