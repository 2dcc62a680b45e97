import { MigrationInterface, QueryRunner } from 'typeorm';

export class FindingEvidence1796482146220 implements MigrationInterface {
  name = 'FindingEvidence1796482146220';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_73389346fedcc9f13944107a9c"`);
    await queryRunner.query(`DROP INDEX "IDX_0e63d0412093935df9fd6496f5"`);
    await queryRunner.query(`DROP INDEX "IDX_e78dd4696be3a1b3491f2f22c8"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_inspection_findings" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "roundId" integer NOT NULL, "areaId" integer NOT NULL, "gridId" integer, "itemCode" varchar(32) NOT NULL, "categoryCode" varchar(64) NOT NULL, "lat" double NOT NULL, "lng" double NOT NULL, "count" integer NOT NULL, "deduction" integer NOT NULL, "note" text, "photoIds" text NOT NULL, "inspectorUserId" integer NOT NULL, "caseId" integer, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "evidence" text)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_inspection_findings"("id", "roundId", "areaId", "gridId", "itemCode", "categoryCode", "lat", "lng", "count", "deduction", "note", "photoIds", "inspectorUserId", "caseId", "createdAt") SELECT "id", "roundId", "areaId", "gridId", "itemCode", "categoryCode", "lat", "lng", "count", "deduction", "note", "photoIds", "inspectorUserId", "caseId", "createdAt" FROM "inspection_findings"`,
    );
    await queryRunner.query(`DROP TABLE "inspection_findings"`);
    await queryRunner.query(`ALTER TABLE "temporary_inspection_findings" RENAME TO "inspection_findings"`);
    await queryRunner.query(`CREATE INDEX "IDX_73389346fedcc9f13944107a9c" ON "inspection_findings" ("roundId", "areaId", "itemCode") `);
    await queryRunner.query(`CREATE INDEX "IDX_0e63d0412093935df9fd6496f5" ON "inspection_findings" ("caseId") `);
    await queryRunner.query(`CREATE INDEX "IDX_e78dd4696be3a1b3491f2f22c8" ON "inspection_findings" ("gridId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_e78dd4696be3a1b3491f2f22c8"`);
    await queryRunner.query(`DROP INDEX "IDX_0e63d0412093935df9fd6496f5"`);
    await queryRunner.query(`DROP INDEX "IDX_73389346fedcc9f13944107a9c"`);
    await queryRunner.query(`ALTER TABLE "inspection_findings" RENAME TO "temporary_inspection_findings"`);
    await queryRunner.query(
      `CREATE TABLE "inspection_findings" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "roundId" integer NOT NULL, "areaId" integer NOT NULL, "gridId" integer, "itemCode" varchar(32) NOT NULL, "categoryCode" varchar(64) NOT NULL, "lat" double NOT NULL, "lng" double NOT NULL, "count" integer NOT NULL, "deduction" integer NOT NULL, "note" text, "photoIds" text NOT NULL, "inspectorUserId" integer NOT NULL, "caseId" integer, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `INSERT INTO "inspection_findings"("id", "roundId", "areaId", "gridId", "itemCode", "categoryCode", "lat", "lng", "count", "deduction", "note", "photoIds", "inspectorUserId", "caseId", "createdAt") SELECT "id", "roundId", "areaId", "gridId", "itemCode", "categoryCode", "lat", "lng", "count", "deduction", "note", "photoIds", "inspectorUserId", "caseId", "createdAt" FROM "temporary_inspection_findings"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_inspection_findings"`);
    await queryRunner.query(`CREATE INDEX "IDX_e78dd4696be3a1b3491f2f22c8" ON "inspection_findings" ("gridId") `);
    await queryRunner.query(`CREATE INDEX "IDX_0e63d0412093935df9fd6496f5" ON "inspection_findings" ("caseId") `);
    await queryRunner.query(`CREATE INDEX "IDX_73389346fedcc9f13944107a9c" ON "inspection_findings" ("roundId", "areaId", "itemCode") `);
  }
}
