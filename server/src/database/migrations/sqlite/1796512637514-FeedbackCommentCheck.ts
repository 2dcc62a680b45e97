import { MigrationInterface, QueryRunner } from 'typeorm';

export class FeedbackCommentCheck1796512637514 implements MigrationInterface {
  name = 'FeedbackCommentCheck1796512637514';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_10086f7321adabafe0bf71dc4e"`);
    await queryRunner.query(`DROP INDEX "IDX_6ddf5c63d9a1e176d3119f91e6"`);
    await queryRunner.query(`DROP INDEX "IDX_e30016092db43b4aef2312f980"`);
    await queryRunner.query(`DROP INDEX "IDX_1205a3adf062473b94839320fe"`);
    await queryRunner.query(`CREATE TABLE "temporary_report_feedback" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "reportId" integer NOT NULL, "caseId" integer NOT NULL, "userId" integer NOT NULL, "satisfied" boolean NOT NULL, "comment" text, "photoIds" text, "reopenStatus" varchar(16), "decidedByUserId" integer, "decidedAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "commentCheck" varchar(16))`);
    await queryRunner.query(`INSERT INTO "temporary_report_feedback"("id", "reportId", "caseId", "userId", "satisfied", "comment", "photoIds", "reopenStatus", "decidedByUserId", "decidedAt", "createdAt") SELECT "id", "reportId", "caseId", "userId", "satisfied", "comment", "photoIds", "reopenStatus", "decidedByUserId", "decidedAt", "createdAt" FROM "report_feedback"`);
    await queryRunner.query(`DROP TABLE "report_feedback"`);
    await queryRunner.query(`ALTER TABLE "temporary_report_feedback" RENAME TO "report_feedback"`);
    await queryRunner.query(`CREATE INDEX "IDX_10086f7321adabafe0bf71dc4e" ON "report_feedback" ("reopenStatus", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_6ddf5c63d9a1e176d3119f91e6" ON "report_feedback" ("createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_e30016092db43b4aef2312f980" ON "report_feedback" ("caseId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_1205a3adf062473b94839320fe" ON "report_feedback" ("reportId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_1205a3adf062473b94839320fe"`);
    await queryRunner.query(`DROP INDEX "IDX_e30016092db43b4aef2312f980"`);
    await queryRunner.query(`DROP INDEX "IDX_6ddf5c63d9a1e176d3119f91e6"`);
    await queryRunner.query(`DROP INDEX "IDX_10086f7321adabafe0bf71dc4e"`);
    await queryRunner.query(`ALTER TABLE "report_feedback" RENAME TO "temporary_report_feedback"`);
    await queryRunner.query(`CREATE TABLE "report_feedback" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "reportId" integer NOT NULL, "caseId" integer NOT NULL, "userId" integer NOT NULL, "satisfied" boolean NOT NULL, "comment" text, "photoIds" text, "reopenStatus" varchar(16), "decidedByUserId" integer, "decidedAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`INSERT INTO "report_feedback"("id", "reportId", "caseId", "userId", "satisfied", "comment", "photoIds", "reopenStatus", "decidedByUserId", "decidedAt", "createdAt") SELECT "id", "reportId", "caseId", "userId", "satisfied", "comment", "photoIds", "reopenStatus", "decidedByUserId", "decidedAt", "createdAt" FROM "temporary_report_feedback"`);
    await queryRunner.query(`DROP TABLE "temporary_report_feedback"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_1205a3adf062473b94839320fe" ON "report_feedback" ("reportId") `);
    await queryRunner.query(`CREATE INDEX "IDX_e30016092db43b4aef2312f980" ON "report_feedback" ("caseId") `);
    await queryRunner.query(`CREATE INDEX "IDX_6ddf5c63d9a1e176d3119f91e6" ON "report_feedback" ("createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_10086f7321adabafe0bf71dc4e" ON "report_feedback" ("reopenStatus", "createdAt") `);
  }
}
