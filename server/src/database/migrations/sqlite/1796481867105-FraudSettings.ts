import { MigrationInterface, QueryRunner } from 'typeorm';

export class FraudSettings1796481867105 implements MigrationInterface {
  name = 'FraudSettings1796481867105';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "fraud_settings" ("id" integer PRIMARY KEY NOT NULL, "settings" text NOT NULL, "updatedBy" integer, "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "fraud_settings"`);
  }
}
