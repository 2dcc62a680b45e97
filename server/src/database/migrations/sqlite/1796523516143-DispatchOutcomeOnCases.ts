import { MigrationInterface, QueryRunner } from 'typeorm';

export class DispatchOutcomeOnCases1796523516143 implements MigrationInterface {
  name = 'DispatchOutcomeOnCases1796523516143';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_ba96d3bd77f9998e7c87256472"`);
    await queryRunner.query(`DROP INDEX "IDX_kpi_cases_created"`);
    await queryRunner.query(`DROP INDEX "IDX_kpi_cases_resolved"`);
    await queryRunner.query(`DROP INDEX "IDX_kpi_cases_closed"`);
    await queryRunner.query(`DROP INDEX "IDX_kpi_cases_deadline"`);
    await queryRunner.query(`DROP INDEX "IDX_81514fc3e0d70d2337222dbbcb"`);
    await queryRunner.query(`DROP INDEX "IDX_2b94bea8695207a71451ae5503"`);
    await queryRunner.query(`DROP INDEX "IDX_4b3cfb9a40f7708c7f1c9529ba"`);
    await queryRunner.query(`DROP INDEX "IDX_4bd2d8863b2c063b25cc054e21"`);
    await queryRunner.query(`DROP INDEX "IDX_bd6c10f2246767eee669d7f7fe"`);
    await queryRunner.query(`DROP INDEX "IDX_0122c28cf09b345c7fd4521095"`);
    await queryRunner.query(`CREATE TABLE "temporary_cases" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "status" varchar(16) NOT NULL, "kind" varchar(16) NOT NULL, "source" varchar(16) NOT NULL, "categoryCode" varchar(64) NOT NULL, "departmentId" integer, "gridId" integer, "handlerUserId" integer, "lat" double NOT NULL, "lng" double NOT NULL, "cellKey" varchar(12) NOT NULL, "description" text, "primaryReportId" integer NOT NULL, "masterCaseId" integer, "slaHours" integer NOT NULL, "dispatchedAt" datetime(6), "deadline" datetime(6), "resolvedAt" datetime(6), "closedAt" datetime(6), "flagged" boolean NOT NULL DEFAULT (0), "triage" text, "version" integer NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "address" varchar(200), "landmark" varchar(100), "meTooCount" integer NOT NULL DEFAULT (0), "firstDispatchedAt" datetime(6), "firstDepartmentId" integer, "suggestionTaken" boolean NOT NULL DEFAULT (0), "dispatchCount" integer NOT NULL DEFAULT (0), "returnCount" integer NOT NULL DEFAULT (0))`);
    await queryRunner.query(`INSERT INTO "temporary_cases"("id", "status", "kind", "source", "categoryCode", "departmentId", "gridId", "handlerUserId", "lat", "lng", "cellKey", "description", "primaryReportId", "masterCaseId", "slaHours", "dispatchedAt", "deadline", "resolvedAt", "closedAt", "flagged", "triage", "version", "createdAt", "updatedAt", "address", "landmark", "meTooCount") SELECT "id", "status", "kind", "source", "categoryCode", "departmentId", "gridId", "handlerUserId", "lat", "lng", "cellKey", "description", "primaryReportId", "masterCaseId", "slaHours", "dispatchedAt", "deadline", "resolvedAt", "closedAt", "flagged", "triage", "version", "createdAt", "updatedAt", "address", "landmark", "meTooCount" FROM "cases"`);
    await queryRunner.query(`DROP TABLE "cases"`);
    await queryRunner.query(`ALTER TABLE "temporary_cases" RENAME TO "cases"`);
    await queryRunner.query(`CREATE INDEX "IDX_ba96d3bd77f9998e7c87256472" ON "cases" ("status", "deadline", "departmentId", "resolvedAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_kpi_cases_created" ON "cases" ("createdAt", "status", "departmentId", "gridId", "categoryCode") `);
    await queryRunner.query(`CREATE INDEX "IDX_kpi_cases_resolved" ON "cases" ("resolvedAt", "departmentId", "dispatchedAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_kpi_cases_closed" ON "cases" ("status", "closedAt", "departmentId", "deadline", "gridId") `);
    await queryRunner.query(`CREATE INDEX "IDX_kpi_cases_deadline" ON "cases" ("deadline", "status", "resolvedAt", "departmentId") `);
    await queryRunner.query(`CREATE INDEX "IDX_81514fc3e0d70d2337222dbbcb" ON "cases" ("masterCaseId") `);
    await queryRunner.query(`CREATE INDEX "IDX_2b94bea8695207a71451ae5503" ON "cases" ("handlerUserId", "status") `);
    await queryRunner.query(`CREATE INDEX "IDX_4b3cfb9a40f7708c7f1c9529ba" ON "cases" ("gridId", "categoryCode") `);
    await queryRunner.query(`CREATE INDEX "IDX_4bd2d8863b2c063b25cc054e21" ON "cases" ("categoryCode", "cellKey", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_bd6c10f2246767eee669d7f7fe" ON "cases" ("departmentId", "status") `);
    await queryRunner.query(`CREATE INDEX "IDX_0122c28cf09b345c7fd4521095" ON "cases" ("status", "updatedAt") `);
    // Backfill from the timelines (the same recount as cases/dispatch-outcome.repository.ts, written out here so this
    // migration keeps its meaning when that code changes). Cases without a dispatch or return keep the defaults.
    await queryRunner.query(`UPDATE cases SET firstDispatchedAt = (SELECT e.createdAt FROM case_events e WHERE e.caseId = cases.id AND e.action = 'dispatch' ORDER BY e.createdAt, e.id LIMIT 1), firstDepartmentId = (SELECT CASE WHEN json_type(e.data, '$.departmentId') = 'integer' THEN json_extract(e.data, '$.departmentId') END FROM case_events e WHERE e.caseId = cases.id AND e.action = 'dispatch' ORDER BY e.createdAt, e.id LIMIT 1), suggestionTaken = COALESCE((SELECT CASE WHEN json_type(e.data, '$.suggested') = 'true' THEN 1 ELSE 0 END FROM case_events e WHERE e.caseId = cases.id AND e.action = 'dispatch' ORDER BY e.createdAt, e.id LIMIT 1), 0), dispatchCount = (SELECT COUNT(*) FROM case_events e WHERE e.caseId = cases.id AND e.action = 'dispatch'), returnCount = (SELECT COUNT(*) FROM case_events e WHERE e.caseId = cases.id AND e.action = 'return'), updatedAt = updatedAt WHERE EXISTS (SELECT 1 FROM case_events e WHERE e.caseId = cases.id AND e.action IN ('dispatch', 'return'))`);
    await queryRunner.query(`CREATE INDEX "IDX_kpi_cases_first_dispatch" ON "cases" ("firstDispatchedAt", "firstDepartmentId", "categoryCode", "dispatchCount", "returnCount", "suggestionTaken") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_kpi_cases_first_dispatch"`);
    await queryRunner.query(`DROP INDEX "IDX_0122c28cf09b345c7fd4521095"`);
    await queryRunner.query(`DROP INDEX "IDX_bd6c10f2246767eee669d7f7fe"`);
    await queryRunner.query(`DROP INDEX "IDX_4bd2d8863b2c063b25cc054e21"`);
    await queryRunner.query(`DROP INDEX "IDX_4b3cfb9a40f7708c7f1c9529ba"`);
    await queryRunner.query(`DROP INDEX "IDX_2b94bea8695207a71451ae5503"`);
    await queryRunner.query(`DROP INDEX "IDX_81514fc3e0d70d2337222dbbcb"`);
    await queryRunner.query(`DROP INDEX "IDX_kpi_cases_deadline"`);
    await queryRunner.query(`DROP INDEX "IDX_kpi_cases_closed"`);
    await queryRunner.query(`DROP INDEX "IDX_kpi_cases_resolved"`);
    await queryRunner.query(`DROP INDEX "IDX_kpi_cases_created"`);
    await queryRunner.query(`DROP INDEX "IDX_ba96d3bd77f9998e7c87256472"`);
    await queryRunner.query(`ALTER TABLE "cases" RENAME TO "temporary_cases"`);
    await queryRunner.query(`CREATE TABLE "cases" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "status" varchar(16) NOT NULL, "kind" varchar(16) NOT NULL, "source" varchar(16) NOT NULL, "categoryCode" varchar(64) NOT NULL, "departmentId" integer, "gridId" integer, "handlerUserId" integer, "lat" double NOT NULL, "lng" double NOT NULL, "cellKey" varchar(12) NOT NULL, "description" text, "primaryReportId" integer NOT NULL, "masterCaseId" integer, "slaHours" integer NOT NULL, "dispatchedAt" datetime(6), "deadline" datetime(6), "resolvedAt" datetime(6), "closedAt" datetime(6), "flagged" boolean NOT NULL DEFAULT (0), "triage" text, "version" integer NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "address" varchar(200), "landmark" varchar(100), "meTooCount" integer NOT NULL DEFAULT (0))`);
    await queryRunner.query(`INSERT INTO "cases"("id", "status", "kind", "source", "categoryCode", "departmentId", "gridId", "handlerUserId", "lat", "lng", "cellKey", "description", "primaryReportId", "masterCaseId", "slaHours", "dispatchedAt", "deadline", "resolvedAt", "closedAt", "flagged", "triage", "version", "createdAt", "updatedAt", "address", "landmark", "meTooCount") SELECT "id", "status", "kind", "source", "categoryCode", "departmentId", "gridId", "handlerUserId", "lat", "lng", "cellKey", "description", "primaryReportId", "masterCaseId", "slaHours", "dispatchedAt", "deadline", "resolvedAt", "closedAt", "flagged", "triage", "version", "createdAt", "updatedAt", "address", "landmark", "meTooCount" FROM "temporary_cases"`);
    await queryRunner.query(`DROP TABLE "temporary_cases"`);
    await queryRunner.query(`CREATE INDEX "IDX_0122c28cf09b345c7fd4521095" ON "cases" ("status", "updatedAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_bd6c10f2246767eee669d7f7fe" ON "cases" ("departmentId", "status") `);
    await queryRunner.query(`CREATE INDEX "IDX_4bd2d8863b2c063b25cc054e21" ON "cases" ("categoryCode", "cellKey", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_4b3cfb9a40f7708c7f1c9529ba" ON "cases" ("gridId", "categoryCode") `);
    await queryRunner.query(`CREATE INDEX "IDX_2b94bea8695207a71451ae5503" ON "cases" ("handlerUserId", "status") `);
    await queryRunner.query(`CREATE INDEX "IDX_81514fc3e0d70d2337222dbbcb" ON "cases" ("masterCaseId") `);
    await queryRunner.query(`CREATE INDEX "IDX_kpi_cases_deadline" ON "cases" ("deadline", "status", "resolvedAt", "departmentId") `);
    await queryRunner.query(`CREATE INDEX "IDX_kpi_cases_closed" ON "cases" ("status", "closedAt", "departmentId", "deadline", "gridId") `);
    await queryRunner.query(`CREATE INDEX "IDX_kpi_cases_resolved" ON "cases" ("resolvedAt", "departmentId", "dispatchedAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_kpi_cases_created" ON "cases" ("createdAt", "status", "departmentId", "gridId", "categoryCode") `);
    await queryRunner.query(`CREATE INDEX "IDX_ba96d3bd77f9998e7c87256472" ON "cases" ("status", "deadline", "departmentId", "resolvedAt") `);
  }
}
