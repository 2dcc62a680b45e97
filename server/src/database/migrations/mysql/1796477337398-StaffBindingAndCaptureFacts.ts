import { MigrationInterface, QueryRunner } from 'typeorm';

export class StaffBindingAndCaptureFacts1796477337398 implements MigrationInterface {
  name = 'StaffBindingAndCaptureFacts1796477337398';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`staff_bind_codes\` (\`id\` int NOT NULL AUTO_INCREMENT, \`userId\` int NOT NULL, \`codeHash\` varchar(64) NOT NULL, \`expiresAt\` datetime(6) NOT NULL, \`usedAt\` datetime(6) NULL, \`revokedAt\` datetime(6) NULL, \`createdByUserId\` int NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_03ab18a194f78926e8630161a3\` (\`userId\`), UNIQUE INDEX \`IDX_b9e2c667a5dc64a4f27d77903a\` (\`codeHash\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`staff_wechat_bindings\` (\`id\` int NOT NULL AUTO_INCREMENT, \`userId\` int NOT NULL, \`openid\` varchar(64) NOT NULL, \`activeOpenid\` varchar(64) NULL, \`activeUserId\` int NULL, \`bindCodeId\` int NOT NULL, \`boundAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`endedAt\` datetime(6) NULL, \`endReason\` varchar(16) NULL, \`endedByUserId\` int NULL, INDEX \`IDX_f8cc99d22fe5cf7b0574fe29ee\` (\`userId\`), UNIQUE INDEX \`IDX_4110ddfdba9ee5390706c5cbf1\` (\`activeOpenid\`), UNIQUE INDEX \`IDX_ffb0449fb2be14feb52707fccd\` (\`activeUserId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(`ALTER TABLE \`photos\` ADD \`captureAt\` datetime(6) NULL`);
    await queryRunner.query(`ALTER TABLE \`photos\` ADD \`captureLat\` double NULL`);
    await queryRunner.query(`ALTER TABLE \`photos\` ADD \`captureLng\` double NULL`);
    await queryRunner.query(`ALTER TABLE \`photos\` ADD \`captureAccuracyM\` double NULL`);
    await queryRunner.query(`ALTER TABLE \`photos\` ADD \`captureSource\` varchar(8) NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`photos\` DROP COLUMN \`captureSource\``);
    await queryRunner.query(`ALTER TABLE \`photos\` DROP COLUMN \`captureAccuracyM\``);
    await queryRunner.query(`ALTER TABLE \`photos\` DROP COLUMN \`captureLng\``);
    await queryRunner.query(`ALTER TABLE \`photos\` DROP COLUMN \`captureLat\``);
    await queryRunner.query(`ALTER TABLE \`photos\` DROP COLUMN \`captureAt\``);
    await queryRunner.query(`DROP INDEX \`IDX_ffb0449fb2be14feb52707fccd\` ON \`staff_wechat_bindings\``);
    await queryRunner.query(`DROP INDEX \`IDX_4110ddfdba9ee5390706c5cbf1\` ON \`staff_wechat_bindings\``);
    await queryRunner.query(`DROP INDEX \`IDX_f8cc99d22fe5cf7b0574fe29ee\` ON \`staff_wechat_bindings\``);
    await queryRunner.query(`DROP TABLE \`staff_wechat_bindings\``);
    await queryRunner.query(`DROP INDEX \`IDX_b9e2c667a5dc64a4f27d77903a\` ON \`staff_bind_codes\``);
    await queryRunner.query(`DROP INDEX \`IDX_03ab18a194f78926e8630161a3\` ON \`staff_bind_codes\``);
    await queryRunner.query(`DROP TABLE \`staff_bind_codes\``);
  }
}
