import { MigrationInterface, QueryRunner } from 'typeorm';

export class ModerationDecisions1796501462344 implements MigrationInterface {
  name = 'ModerationDecisions1796501462344';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "moderation_decisions" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "reportId" integer NOT NULL, "caseId" integer NOT NULL, "verdict" varchar(16) NOT NULL, "hiddenPhotoIds" text NOT NULL, "note" text, "moderatorUserId" integer NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_443849bdfbc14839a2e5270ede" ON "moderation_decisions" ("reportId") `);
    await queryRunner.query(`CREATE INDEX "IDX_d53d04f9e88a3bbc3c5d70031c" ON "moderation_decisions" ("createdAt") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_d53d04f9e88a3bbc3c5d70031c"`);
    await queryRunner.query(`DROP INDEX "IDX_443849bdfbc14839a2e5270ede"`);
    await queryRunner.query(`DROP TABLE "moderation_decisions"`);
  }
}
