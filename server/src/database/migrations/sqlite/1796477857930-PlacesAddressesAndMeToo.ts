import { MigrationInterface, QueryRunner } from 'typeorm';

export class PlacesAddressesAndMeToo1796477857930 implements MigrationInterface {
  name = 'PlacesAddressesAndMeToo1796477857930';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "case_me_too" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "caseId" integer NOT NULL, "userId" integer NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_2627933f561e31deb6d8c1c175" ON "case_me_too" ("userId", "createdAt") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_7fa79b82ff8ef7c03db56edc22" ON "case_me_too" ("caseId", "userId") `);
    await queryRunner.query(`DROP INDEX "IDX_1392b619abdb30b0524813cfa8"`);
    await queryRunner.query(`DROP INDEX "IDX_5904ce413317ba0234b248ee0f"`);
    await queryRunner.query(`DROP INDEX "IDX_2a7a1e3688508f18ee49dafa6b"`);
    await queryRunner.query(`DROP INDEX "IDX_e5e37e02fed27b7b0821af7168"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_reports" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "userId" integer NOT NULL, "clientRequestId" varchar(64) NOT NULL, "kind" varchar(16) NOT NULL, "source" varchar(16) NOT NULL, "categoryCode" varchar(64) NOT NULL, "description" text, "lat" double NOT NULL, "lng" double NOT NULL, "coordSystem" varchar(8) NOT NULL DEFAULT ('gcj02'), "deviceLat" double, "deviceLng" double, "locationAccuracyM" integer, "caseId" integer NOT NULL, "gridId" integer, "contentCheck" varchar(16) NOT NULL DEFAULT ('pending'), "contactName" varchar(100), "contactPhone" varchar(20), "externalId" varchar(64), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "address" varchar(200), "landmark" varchar(100))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_reports"("id", "userId", "clientRequestId", "kind", "source", "categoryCode", "description", "lat", "lng", "coordSystem", "deviceLat", "deviceLng", "locationAccuracyM", "caseId", "gridId", "contentCheck", "contactName", "contactPhone", "externalId", "createdAt") SELECT "id", "userId", "clientRequestId", "kind", "source", "categoryCode", "description", "lat", "lng", "coordSystem", "deviceLat", "deviceLng", "locationAccuracyM", "caseId", "gridId", "contentCheck", "contactName", "contactPhone", "externalId", "createdAt" FROM "reports"`,
    );
    await queryRunner.query(`DROP TABLE "reports"`);
    await queryRunner.query(`ALTER TABLE "temporary_reports" RENAME TO "reports"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_1392b619abdb30b0524813cfa8" ON "reports" ("userId", "clientRequestId") `);
    await queryRunner.query(`CREATE INDEX "IDX_5904ce413317ba0234b248ee0f" ON "reports" ("userId", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_2a7a1e3688508f18ee49dafa6b" ON "reports" ("externalId") `);
    await queryRunner.query(`CREATE INDEX "IDX_e5e37e02fed27b7b0821af7168" ON "reports" ("caseId") `);
    await queryRunner.query(`DROP INDEX "IDX_0122c28cf09b345c7fd4521095"`);
    await queryRunner.query(`DROP INDEX "IDX_bd6c10f2246767eee669d7f7fe"`);
    await queryRunner.query(`DROP INDEX "IDX_4bd2d8863b2c063b25cc054e21"`);
    await queryRunner.query(`DROP INDEX "IDX_4b3cfb9a40f7708c7f1c9529ba"`);
    await queryRunner.query(`DROP INDEX "IDX_277b2e822670da076fb7f0f416"`);
    await queryRunner.query(`DROP INDEX "IDX_0b3fd47abb7d70943eecb9ec0a"`);
    await queryRunner.query(`DROP INDEX "IDX_ac806506da7dfc8e4085fc608c"`);
    await queryRunner.query(`DROP INDEX "IDX_4c55f948e1a820d2a07cdae384"`);
    await queryRunner.query(`DROP INDEX "IDX_2b94bea8695207a71451ae5503"`);
    await queryRunner.query(`DROP INDEX "IDX_e6cf90dd48b61f5d42195ee996"`);
    await queryRunner.query(`DROP INDEX "IDX_81514fc3e0d70d2337222dbbcb"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_cases" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "status" varchar(16) NOT NULL, "kind" varchar(16) NOT NULL, "source" varchar(16) NOT NULL, "categoryCode" varchar(64) NOT NULL, "departmentId" integer, "gridId" integer, "handlerUserId" integer, "lat" double NOT NULL, "lng" double NOT NULL, "cellKey" varchar(12) NOT NULL, "description" text, "primaryReportId" integer NOT NULL, "masterCaseId" integer, "slaHours" integer NOT NULL, "dispatchedAt" datetime(6), "deadline" datetime(6), "resolvedAt" datetime(6), "closedAt" datetime(6), "flagged" boolean NOT NULL DEFAULT (0), "triage" text, "version" integer NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "address" varchar(200), "landmark" varchar(100), "meTooCount" integer NOT NULL DEFAULT (0))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_cases"("id", "status", "kind", "source", "categoryCode", "departmentId", "gridId", "handlerUserId", "lat", "lng", "cellKey", "description", "primaryReportId", "masterCaseId", "slaHours", "dispatchedAt", "deadline", "resolvedAt", "closedAt", "flagged", "triage", "version", "createdAt", "updatedAt") SELECT "id", "status", "kind", "source", "categoryCode", "departmentId", "gridId", "handlerUserId", "lat", "lng", "cellKey", "description", "primaryReportId", "masterCaseId", "slaHours", "dispatchedAt", "deadline", "resolvedAt", "closedAt", "flagged", "triage", "version", "createdAt", "updatedAt" FROM "cases"`,
    );
    await queryRunner.query(`DROP TABLE "cases"`);
    await queryRunner.query(`ALTER TABLE "temporary_cases" RENAME TO "cases"`);
    await queryRunner.query(`CREATE INDEX "IDX_0122c28cf09b345c7fd4521095" ON "cases" ("status", "updatedAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_bd6c10f2246767eee669d7f7fe" ON "cases" ("departmentId", "status") `);
    await queryRunner.query(`CREATE INDEX "IDX_4bd2d8863b2c063b25cc054e21" ON "cases" ("categoryCode", "cellKey", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_4b3cfb9a40f7708c7f1c9529ba" ON "cases" ("gridId", "categoryCode") `);
    await queryRunner.query(`CREATE INDEX "IDX_277b2e822670da076fb7f0f416" ON "cases" ("status", "deadline", "departmentId") `);
    await queryRunner.query(`CREATE INDEX "IDX_0b3fd47abb7d70943eecb9ec0a" ON "cases" ("createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_ac806506da7dfc8e4085fc608c" ON "cases" ("resolvedAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_4c55f948e1a820d2a07cdae384" ON "cases" ("closedAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_2b94bea8695207a71451ae5503" ON "cases" ("handlerUserId", "status") `);
    await queryRunner.query(`CREATE INDEX "IDX_e6cf90dd48b61f5d42195ee996" ON "cases" ("deadline") `);
    await queryRunner.query(`CREATE INDEX "IDX_81514fc3e0d70d2337222dbbcb" ON "cases" ("masterCaseId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_81514fc3e0d70d2337222dbbcb"`);
    await queryRunner.query(`DROP INDEX "IDX_e6cf90dd48b61f5d42195ee996"`);
    await queryRunner.query(`DROP INDEX "IDX_2b94bea8695207a71451ae5503"`);
    await queryRunner.query(`DROP INDEX "IDX_4c55f948e1a820d2a07cdae384"`);
    await queryRunner.query(`DROP INDEX "IDX_ac806506da7dfc8e4085fc608c"`);
    await queryRunner.query(`DROP INDEX "IDX_0b3fd47abb7d70943eecb9ec0a"`);
    await queryRunner.query(`DROP INDEX "IDX_277b2e822670da076fb7f0f416"`);
    await queryRunner.query(`DROP INDEX "IDX_4b3cfb9a40f7708c7f1c9529ba"`);
    await queryRunner.query(`DROP INDEX "IDX_4bd2d8863b2c063b25cc054e21"`);
    await queryRunner.query(`DROP INDEX "IDX_bd6c10f2246767eee669d7f7fe"`);
    await queryRunner.query(`DROP INDEX "IDX_0122c28cf09b345c7fd4521095"`);
    await queryRunner.query(`ALTER TABLE "cases" RENAME TO "temporary_cases"`);
    await queryRunner.query(
      `CREATE TABLE "cases" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "status" varchar(16) NOT NULL, "kind" varchar(16) NOT NULL, "source" varchar(16) NOT NULL, "categoryCode" varchar(64) NOT NULL, "departmentId" integer, "gridId" integer, "handlerUserId" integer, "lat" double NOT NULL, "lng" double NOT NULL, "cellKey" varchar(12) NOT NULL, "description" text, "primaryReportId" integer NOT NULL, "masterCaseId" integer, "slaHours" integer NOT NULL, "dispatchedAt" datetime(6), "deadline" datetime(6), "resolvedAt" datetime(6), "closedAt" datetime(6), "flagged" boolean NOT NULL DEFAULT (0), "triage" text, "version" integer NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `INSERT INTO "cases"("id", "status", "kind", "source", "categoryCode", "departmentId", "gridId", "handlerUserId", "lat", "lng", "cellKey", "description", "primaryReportId", "masterCaseId", "slaHours", "dispatchedAt", "deadline", "resolvedAt", "closedAt", "flagged", "triage", "version", "createdAt", "updatedAt") SELECT "id", "status", "kind", "source", "categoryCode", "departmentId", "gridId", "handlerUserId", "lat", "lng", "cellKey", "description", "primaryReportId", "masterCaseId", "slaHours", "dispatchedAt", "deadline", "resolvedAt", "closedAt", "flagged", "triage", "version", "createdAt", "updatedAt" FROM "temporary_cases"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_cases"`);
    await queryRunner.query(`CREATE INDEX "IDX_81514fc3e0d70d2337222dbbcb" ON "cases" ("masterCaseId") `);
    await queryRunner.query(`CREATE INDEX "IDX_e6cf90dd48b61f5d42195ee996" ON "cases" ("deadline") `);
    await queryRunner.query(`CREATE INDEX "IDX_2b94bea8695207a71451ae5503" ON "cases" ("handlerUserId", "status") `);
    await queryRunner.query(`CREATE INDEX "IDX_4c55f948e1a820d2a07cdae384" ON "cases" ("closedAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_ac806506da7dfc8e4085fc608c" ON "cases" ("resolvedAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_0b3fd47abb7d70943eecb9ec0a" ON "cases" ("createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_277b2e822670da076fb7f0f416" ON "cases" ("status", "deadline", "departmentId") `);
    await queryRunner.query(`CREATE INDEX "IDX_4b3cfb9a40f7708c7f1c9529ba" ON "cases" ("gridId", "categoryCode") `);
    await queryRunner.query(`CREATE INDEX "IDX_4bd2d8863b2c063b25cc054e21" ON "cases" ("categoryCode", "cellKey", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_bd6c10f2246767eee669d7f7fe" ON "cases" ("departmentId", "status") `);
    await queryRunner.query(`CREATE INDEX "IDX_0122c28cf09b345c7fd4521095" ON "cases" ("status", "updatedAt") `);
    await queryRunner.query(`DROP INDEX "IDX_e5e37e02fed27b7b0821af7168"`);
    await queryRunner.query(`DROP INDEX "IDX_2a7a1e3688508f18ee49dafa6b"`);
    await queryRunner.query(`DROP INDEX "IDX_5904ce413317ba0234b248ee0f"`);
    await queryRunner.query(`DROP INDEX "IDX_1392b619abdb30b0524813cfa8"`);
    await queryRunner.query(`ALTER TABLE "reports" RENAME TO "temporary_reports"`);
    await queryRunner.query(
      `CREATE TABLE "reports" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "userId" integer NOT NULL, "clientRequestId" varchar(64) NOT NULL, "kind" varchar(16) NOT NULL, "source" varchar(16) NOT NULL, "categoryCode" varchar(64) NOT NULL, "description" text, "lat" double NOT NULL, "lng" double NOT NULL, "coordSystem" varchar(8) NOT NULL DEFAULT ('gcj02'), "deviceLat" double, "deviceLng" double, "locationAccuracyM" integer, "caseId" integer NOT NULL, "gridId" integer, "contentCheck" varchar(16) NOT NULL DEFAULT ('pending'), "contactName" varchar(100), "contactPhone" varchar(20), "externalId" varchar(64), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `INSERT INTO "reports"("id", "userId", "clientRequestId", "kind", "source", "categoryCode", "description", "lat", "lng", "coordSystem", "deviceLat", "deviceLng", "locationAccuracyM", "caseId", "gridId", "contentCheck", "contactName", "contactPhone", "externalId", "createdAt") SELECT "id", "userId", "clientRequestId", "kind", "source", "categoryCode", "description", "lat", "lng", "coordSystem", "deviceLat", "deviceLng", "locationAccuracyM", "caseId", "gridId", "contentCheck", "contactName", "contactPhone", "externalId", "createdAt" FROM "temporary_reports"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_reports"`);
    await queryRunner.query(`CREATE INDEX "IDX_e5e37e02fed27b7b0821af7168" ON "reports" ("caseId") `);
    await queryRunner.query(`CREATE INDEX "IDX_2a7a1e3688508f18ee49dafa6b" ON "reports" ("externalId") `);
    await queryRunner.query(`CREATE INDEX "IDX_5904ce413317ba0234b248ee0f" ON "reports" ("userId", "createdAt") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_1392b619abdb30b0524813cfa8" ON "reports" ("userId", "clientRequestId") `);
    await queryRunner.query(`DROP INDEX "IDX_7fa79b82ff8ef7c03db56edc22"`);
    await queryRunner.query(`DROP INDEX "IDX_2627933f561e31deb6d8c1c175"`);
    await queryRunner.query(`DROP TABLE "case_me_too"`);
  }
}
