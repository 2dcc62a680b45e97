import { MigrationInterface, QueryRunner } from 'typeorm';

export class StatementReconciliations1796479393318 implements MigrationInterface {
  name = 'StatementReconciliations1796479393318';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "statement_reconciliations" ("billDate" varchar(10) PRIMARY KEY NOT NULL, "status" varchar(16) NOT NULL, "sha1" varchar(64), "outflowCount" integer NOT NULL DEFAULT (0), "outflowFen" bigint NOT NULL DEFAULT (0), "matchedCount" integer NOT NULL DEFAULT (0), "matchedFen" bigint NOT NULL DEFAULT (0), "differences" text NOT NULL, "error" varchar(300), "checkedAt" datetime(6) NOT NULL)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "statement_reconciliations"`);
  }
}
