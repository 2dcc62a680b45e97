import { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseEvidence1796479616473 implements MigrationInterface {
  name = 'CaseEvidence1796479616473';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "case_evidence" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "caseId" integer NOT NULL, "purpose" varchar(16) NOT NULL, "reportId" integer, "verified" boolean NOT NULL, "current" boolean NOT NULL DEFAULT (1), "checks" text NOT NULL, "photoIds" text NOT NULL, "actorUserId" integer, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`CREATE INDEX "IDX_d5678f0933a20f48d733181874" ON "case_evidence" ("caseId", "current") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_d5678f0933a20f48d733181874"`);
    await queryRunner.query(`DROP TABLE "case_evidence"`);
  }
}
