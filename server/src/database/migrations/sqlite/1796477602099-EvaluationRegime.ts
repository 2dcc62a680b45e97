import { MigrationInterface, QueryRunner } from 'typeorm';

export class EvaluationRegime1796477602099 implements MigrationInterface {
  name = 'EvaluationRegime1796477602099';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "inspection_rounds" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(8) NOT NULL, "name" varchar(100) NOT NULL, "month" varchar(7) NOT NULL, "status" varchar(16) NOT NULL, "checklistVersionId" integer NOT NULL, "areaIds" text NOT NULL, "inspectorUserIds" text NOT NULL, "createdByUserId" integer NOT NULL, "publishedAt" datetime(6), "publishedByUserId" integer, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_79c19344526581e1893cd677fb" ON "inspection_rounds" ("month", "status") `);
    await queryRunner.query(
      `CREATE TABLE "inspection_findings" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "roundId" integer NOT NULL, "areaId" integer NOT NULL, "gridId" integer, "itemCode" varchar(32) NOT NULL, "categoryCode" varchar(64) NOT NULL, "lat" double NOT NULL, "lng" double NOT NULL, "count" integer NOT NULL, "deduction" integer NOT NULL, "note" text, "photoIds" text NOT NULL, "inspectorUserId" integer NOT NULL, "caseId" integer, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e78dd4696be3a1b3491f2f22c8" ON "inspection_findings" ("gridId") `);
    await queryRunner.query(`CREATE INDEX "IDX_0e63d0412093935df9fd6496f5" ON "inspection_findings" ("caseId") `);
    await queryRunner.query(`CREATE INDEX "IDX_73389346fedcc9f13944107a9c" ON "inspection_findings" ("roundId", "areaId", "itemCode") `);
    await queryRunner.query(
      `CREATE TABLE "inspection_finding_photos" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "findingId" integer NOT NULL, "photoId" integer NOT NULL)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e5373e47df91038761d983f6bd" ON "inspection_finding_photos" ("findingId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_6ca2c88b2696fb3c5a04fadf37" ON "inspection_finding_photos" ("photoId") `);
    await queryRunner.query(
      `CREATE TABLE "evaluation_settings" ("id" integer PRIMARY KEY NOT NULL, "weights" text NOT NULL, "digitalMix" text NOT NULL, "leaderWeight" double NOT NULL DEFAULT (0), "updatedByUserId" integer, "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `CREATE TABLE "checklist_versions" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "version" integer NOT NULL, "note" varchar(200), "createdByUserId" integer, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_1b6c59781873148689893f60ef" ON "checklist_versions" ("version") `);
    await queryRunner.query(
      `CREATE TABLE "checklist_items" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "versionId" integer NOT NULL, "position" integer NOT NULL, "code" varchar(32) NOT NULL, "section" varchar(64) NOT NULL, "text" varchar(300) NOT NULL, "deduction" integer NOT NULL, "maxDeduction" integer NOT NULL, "categoryCode" varchar(64) NOT NULL)`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_0e9a85d720c470fe98b65973f7" ON "checklist_items" ("versionId", "code") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_0e9a85d720c470fe98b65973f7"`);
    await queryRunner.query(`DROP TABLE "checklist_items"`);
    await queryRunner.query(`DROP INDEX "IDX_1b6c59781873148689893f60ef"`);
    await queryRunner.query(`DROP TABLE "checklist_versions"`);
    await queryRunner.query(`DROP TABLE "evaluation_settings"`);
    await queryRunner.query(`DROP INDEX "IDX_6ca2c88b2696fb3c5a04fadf37"`);
    await queryRunner.query(`DROP INDEX "IDX_e5373e47df91038761d983f6bd"`);
    await queryRunner.query(`DROP TABLE "inspection_finding_photos"`);
    await queryRunner.query(`DROP INDEX "IDX_73389346fedcc9f13944107a9c"`);
    await queryRunner.query(`DROP INDEX "IDX_0e63d0412093935df9fd6496f5"`);
    await queryRunner.query(`DROP INDEX "IDX_e78dd4696be3a1b3491f2f22c8"`);
    await queryRunner.query(`DROP TABLE "inspection_findings"`);
    await queryRunner.query(`DROP INDEX "IDX_79c19344526581e1893cd677fb"`);
    await queryRunner.query(`DROP TABLE "inspection_rounds"`);
  }
}
