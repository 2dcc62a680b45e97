import { MigrationInterface, QueryRunner } from 'typeorm';

export class SupervisionNotices1796489337374 implements MigrationInterface {
  name = 'SupervisionNotices1796489337374';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "supervision_notices" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "roundId" integer NOT NULL, "departmentId" integer NOT NULL, "title" varchar(100) NOT NULL, "requirement" text, "deadline" datetime(6) NOT NULL, "caseIds" text NOT NULL, "repliedAt" datetime(6), "createdByUserId" integer NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`CREATE INDEX "IDX_c563a69eed1369f7cb88fd2b5e" ON "supervision_notices" ("departmentId") `);
    await queryRunner.query(`CREATE INDEX "IDX_6385cf014d7a4ee46e9f581807" ON "supervision_notices" ("repliedAt", "deadline") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_216dcf1aeb9b0174fb6da434da" ON "supervision_notices" ("roundId", "departmentId") `);
    await queryRunner.query(`CREATE TABLE "supervision_replies" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "noticeId" integer NOT NULL, "userId" integer NOT NULL, "text" text NOT NULL, "photoIds" text NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`CREATE INDEX "IDX_376134c26397323f67b7f206a4" ON "supervision_replies" ("noticeId") `);
    await queryRunner.query(`CREATE TABLE "supervision_escalations" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "noticeId" integer NOT NULL, "step" varchar(16) NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_4293ae579ab164c34449ae7e1f" ON "supervision_escalations" ("noticeId", "step") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_4293ae579ab164c34449ae7e1f"`);
    await queryRunner.query(`DROP TABLE "supervision_escalations"`);
    await queryRunner.query(`DROP INDEX "IDX_376134c26397323f67b7f206a4"`);
    await queryRunner.query(`DROP TABLE "supervision_replies"`);
    await queryRunner.query(`DROP INDEX "IDX_216dcf1aeb9b0174fb6da434da"`);
    await queryRunner.query(`DROP INDEX "IDX_6385cf014d7a4ee46e9f581807"`);
    await queryRunner.query(`DROP INDEX "IDX_c563a69eed1369f7cb88fd2b5e"`);
    await queryRunner.query(`DROP TABLE "supervision_notices"`);
  }
}
