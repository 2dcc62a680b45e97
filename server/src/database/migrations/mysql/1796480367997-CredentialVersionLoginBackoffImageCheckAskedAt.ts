import { MigrationInterface, QueryRunner } from 'typeorm';

export class CredentialVersionLoginBackoffImageCheckAskedAt1796480367997 implements MigrationInterface {
  name = 'CredentialVersionLoginBackoffImageCheckAskedAt1796480367997';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`photos\` ADD \`contentCheckAskedAt\` datetime(6) NULL`);
    await queryRunner.query(`ALTER TABLE \`users\` ADD \`credentialVersion\` int NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE \`users\` ADD \`loginFailures\` int NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE \`users\` ADD \`loginLockedUntil\` datetime(6) NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`users\` DROP COLUMN \`loginLockedUntil\``);
    await queryRunner.query(`ALTER TABLE \`users\` DROP COLUMN \`loginFailures\``);
    await queryRunner.query(`ALTER TABLE \`users\` DROP COLUMN \`credentialVersion\``);
    await queryRunner.query(`ALTER TABLE \`photos\` DROP COLUMN \`contentCheckAskedAt\``);
  }
}
