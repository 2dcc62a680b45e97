import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795441188080 implements MigrationInterface {
  name = 'Initial1795441188080';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "users" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(16) NOT NULL, "openid" varchar(64), "unionid" varchar(64), "sessionKey" varchar(64), "username" varchar(64), "passwordHash" varchar(100), "displayName" varchar(64) NOT NULL, "roles" text NOT NULL, "departmentId" integer, "phone" varchar(20), "active" boolean NOT NULL DEFAULT (1), "deletedAt" datetime(6), "lastLoginAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_9c98f005249412c8333a3b2c59" ON "users" ("openid") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fe0bb3f6520ee0469504521e71" ON "users" ("username") `);
    await queryRunner.query(`CREATE INDEX "IDX_554d853741f2083faaa5794d2a" ON "users" ("departmentId") `);
    await queryRunner.query(
      `CREATE TABLE "photos" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "ownerUserId" integer NOT NULL, "storageKey" varchar(200) NOT NULL, "thumbKey" varchar(200) NOT NULL, "mime" varchar(32) NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "bytes" integer NOT NULL, "sha256" varchar(64) NOT NULL, "phash" varchar(16) NOT NULL, "phashBlock0" integer NOT NULL, "phashBlock1" integer NOT NULL, "phashBlock2" integer NOT NULL, "phashBlock3" integer NOT NULL, "takenAt" datetime(6), "gpsLat" double, "gpsLng" double, "contentCheck" varchar(16) NOT NULL DEFAULT ('pending'), "contentTraceId" varchar(64), "reportId" integer, "caseId" integer, "role" varchar(16), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_53e230f14cc0d66cadfef4aef2" ON "photos" ("ownerUserId") `);
    await queryRunner.query(`CREATE INDEX "IDX_669668a3f08b1f2a9fe10d5965" ON "photos" ("sha256") `);
    await queryRunner.query(`CREATE INDEX "IDX_854d50cc4a5b5a920c535717db" ON "photos" ("phash") `);
    await queryRunner.query(`CREATE INDEX "IDX_fe698ae913b573b4eb88ec4a61" ON "photos" ("phashBlock0") `);
    await queryRunner.query(`CREATE INDEX "IDX_c95d71f085aae2c177ecc90f3f" ON "photos" ("phashBlock1") `);
    await queryRunner.query(`CREATE INDEX "IDX_866b40c12a0b7b83872e83173f" ON "photos" ("phashBlock2") `);
    await queryRunner.query(`CREATE INDEX "IDX_97fc219b8aab719ef29d45aada" ON "photos" ("phashBlock3") `);
    await queryRunner.query(`CREATE INDEX "IDX_5e63da327a0b7e62cc4422a08c" ON "photos" ("contentTraceId") `);
    await queryRunner.query(`CREATE INDEX "IDX_68c67dcb3f84eba322f59f5e76" ON "photos" ("reportId") `);
    await queryRunner.query(`CREATE INDEX "IDX_9595eafb09bfd661c6642ae2d5" ON "photos" ("caseId") `);
    await queryRunner.query(
      `CREATE TABLE "routing_rules" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "categoryCode" varchar(64), "areaId" integer, "departmentId" integer NOT NULL, "priority" integer NOT NULL DEFAULT (0), "active" boolean NOT NULL DEFAULT (1), "note" varchar(200), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_5c60096c05a7b509597f5e09b4" ON "routing_rules" ("departmentId") `);
    await queryRunner.query(`CREATE INDEX "IDX_c242039f1fdfbc06e8cfc5478b" ON "routing_rules" ("areaId", "categoryCode") `);
    await queryRunner.query(
      `CREATE TABLE "reward_decisions" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "reportId" integer NOT NULL, "caseId" integer NOT NULL, "userId" integer NOT NULL, "campaignId" integer, "granted" boolean NOT NULL, "reason" varchar(32) NOT NULL, "amountFen" bigint NOT NULL DEFAULT (0), "detail" text, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_9604367644bdc3f9377700615b" ON "reward_decisions" ("reportId") `);
    await queryRunner.query(
      `CREATE TABLE "rewards" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "reportId" integer NOT NULL, "caseId" integer NOT NULL, "userId" integer NOT NULL, "campaignId" integer NOT NULL, "categoryCode" varchar(64) NOT NULL, "amountFen" bigint NOT NULL DEFAULT (0), "status" varchar(16) NOT NULL, "basis" varchar(16) NOT NULL DEFAULT ('primary'), "holdReasons" text, "reviewNote" text, "batchId" integer, "attempt" integer NOT NULL DEFAULT (0), "outBillNo" varchar(32), "billState" varchar(24), "transferBillNo" varchar(64), "packageInfo" text, "billParams" text, "failReason" varchar(64), "billCreatedAt" datetime(6), "paidAt" datetime(6), "version" integer NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_71b955e35d8511650c60cbdab3" ON "rewards" ("reportId") `);
    await queryRunner.query(`CREATE INDEX "IDX_b469f585c9409102c5110dc52a" ON "rewards" ("caseId") `);
    await queryRunner.query(`CREATE INDEX "IDX_f80c5bbdaeb300fd6bd20a6d03" ON "rewards" ("batchId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_007d589151da4de69f58bb0e06" ON "rewards" ("outBillNo") `);
    await queryRunner.query(`CREATE INDEX "IDX_27f640f71b8cd5d94a18f43c86" ON "rewards" ("campaignId", "status") `);
    await queryRunner.query(`CREATE INDEX "IDX_ce84897838b4ed8b7de3c98f52" ON "rewards" ("userId", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_d6a0c4a2f19afee00fb2aa91cf" ON "rewards" ("status", "updatedAt") `);
    await queryRunner.query(
      `CREATE TABLE "campaigns" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(64) NOT NULL, "startsAt" datetime(6) NOT NULL, "endsAt" datetime(6) NOT NULL, "budgetFen" bigint NOT NULL DEFAULT (0), "reservedFen" bigint NOT NULL DEFAULT (0), "dailyCountCap" integer, "dailyAmountCapFen" bigint, "monthlyCountCap" integer, "monthlyAmountCapFen" bigint, "categoryAmounts" text, "snapTrigger" varchar(16) NOT NULL DEFAULT ('accepted'), "mergedDuplicateFen" bigint NOT NULL DEFAULT (0), "approvalThresholdFen" bigint NOT NULL DEFAULT (100000), "active" boolean NOT NULL DEFAULT (1), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `CREATE TABLE "reports" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "userId" integer NOT NULL, "clientRequestId" varchar(64) NOT NULL, "kind" varchar(16) NOT NULL, "source" varchar(16) NOT NULL, "categoryCode" varchar(64) NOT NULL, "description" text, "lat" double NOT NULL, "lng" double NOT NULL, "coordSystem" varchar(8) NOT NULL DEFAULT ('gcj02'), "deviceLat" double, "deviceLng" double, "locationAccuracyM" integer, "caseId" integer NOT NULL, "gridId" integer, "contentCheck" varchar(16) NOT NULL DEFAULT ('pending'), "contactName" varchar(100), "contactPhone" varchar(20), "externalId" varchar(64), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e5e37e02fed27b7b0821af7168" ON "reports" ("caseId") `);
    await queryRunner.query(`CREATE INDEX "IDX_2a7a1e3688508f18ee49dafa6b" ON "reports" ("externalId") `);
    await queryRunner.query(`CREATE INDEX "IDX_5904ce413317ba0234b248ee0f" ON "reports" ("userId", "createdAt") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_1392b619abdb30b0524813cfa8" ON "reports" ("userId", "clientRequestId") `);
    await queryRunner.query(
      `CREATE TABLE "report_feedback" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "reportId" integer NOT NULL, "caseId" integer NOT NULL, "userId" integer NOT NULL, "satisfied" boolean NOT NULL, "comment" text, "photoIds" text, "reopenStatus" varchar(16), "decidedByUserId" integer, "decidedAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_1205a3adf062473b94839320fe" ON "report_feedback" ("reportId") `);
    await queryRunner.query(`CREATE INDEX "IDX_e30016092db43b4aef2312f980" ON "report_feedback" ("caseId") `);
    await queryRunner.query(`CREATE INDEX "IDX_6ddf5c63d9a1e176d3119f91e6" ON "report_feedback" ("createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_10086f7321adabafe0bf71dc4e" ON "report_feedback" ("reopenStatus", "createdAt") `);
    await queryRunner.query(
      `CREATE TABLE "job_leases" ("name" varchar(64) PRIMARY KEY NOT NULL, "owner" varchar(100) NOT NULL, "leaseUntil" datetime(6) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE TABLE "payout_batches" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "status" varchar(16) NOT NULL, "totalFen" bigint NOT NULL DEFAULT (0), "rewardIds" text NOT NULL, "proposedBy" integer NOT NULL, "approvalsRequired" integer NOT NULL DEFAULT (1), "approvedAt" datetime(6), "version" integer NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `CREATE TABLE "payout_batch_approvals" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "batchId" integer NOT NULL, "userId" integer NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_c84406857e7bc9f2607b390a43" ON "payout_batch_approvals" ("batchId", "userId") `);
    await queryRunner.query(
      `CREATE TABLE "open311_clients" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(100) NOT NULL, "keyHash" varchar(64) NOT NULL, "active" boolean NOT NULL DEFAULT (1), "userId" integer, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ee7bc7d9cf5f3d85c992fd4baf" ON "open311_clients" ("keyHash") `);
    await queryRunner.query(
      `CREATE TABLE "subscription_grants" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "userId" integer NOT NULL, "templateId" varchar(64) NOT NULL, "remaining" integer NOT NULL DEFAULT (0), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_6d1b4d49bdb01fdb6cb4c830e5" ON "subscription_grants" ("userId", "templateId") `);
    await queryRunner.query(
      `CREATE TABLE "staff_notices" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "userId" integer, "departmentId" integer, "kind" varchar(32) NOT NULL, "title" varchar(100) NOT NULL, "body" text NOT NULL, "caseId" integer, "readAt" datetime(6), "readByUserId" integer, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_271f1a343c1a6555b01c67ca96" ON "staff_notices" ("caseId") `);
    await queryRunner.query(`CREATE INDEX "IDX_ee0be77b6d08352896db0ba72b" ON "staff_notices" ("departmentId", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_527753bfdf82aafb34fe780a2b" ON "staff_notices" ("userId", "createdAt") `);
    await queryRunner.query(
      `CREATE TABLE "outbox_messages" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "userId" integer NOT NULL, "channel" varchar(24) NOT NULL, "templateKey" varchar(32) NOT NULL, "payload" text NOT NULL, "status" varchar(16) NOT NULL DEFAULT ('pending'), "attempts" integer NOT NULL DEFAULT (0), "lastError" varchar(255), "nextAttemptAt" datetime(6) NOT NULL, "lockedUntil" datetime(6), "lockedBy" varchar(64), "grantConsumedAt" datetime(6), "sentAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_dae1cb350c1f0d451cc4d1ac9d" ON "outbox_messages" ("userId") `);
    await queryRunner.query(`CREATE INDEX "IDX_9000793608d0e390a7ce08043f" ON "outbox_messages" ("status", "nextAttemptAt") `);
    await queryRunner.query(
      `CREATE TABLE "departments" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(64) NOT NULL, "name" varchar(100) NOT NULL, "type" varchar(32) NOT NULL, "areaId" integer, "contactPhone" varchar(20), "active" boolean NOT NULL DEFAULT (1), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_91fddbe23e927e1e525c152baa" ON "departments" ("code") `);
    await queryRunner.query(`CREATE INDEX "IDX_1348f2044106b0ce8e91090ccf" ON "departments" ("type", "areaId") `);
    await queryRunner.query(
      `CREATE TABLE "demo_marker" ("id" integer PRIMARY KEY NOT NULL, "status" varchar(16) NOT NULL, "startedAt" datetime(6) NOT NULL, "finishedAt" datetime(6))`,
    );
    await queryRunner.query(
      `CREATE TABLE "cases" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "status" varchar(16) NOT NULL, "kind" varchar(16) NOT NULL, "source" varchar(16) NOT NULL, "categoryCode" varchar(64) NOT NULL, "departmentId" integer, "gridId" integer, "handlerUserId" integer, "lat" double NOT NULL, "lng" double NOT NULL, "cellKey" varchar(12) NOT NULL, "description" text, "primaryReportId" integer NOT NULL, "masterCaseId" integer, "slaHours" integer NOT NULL, "dispatchedAt" datetime(6), "deadline" datetime(6), "resolvedAt" datetime(6), "closedAt" datetime(6), "flagged" boolean NOT NULL DEFAULT (0), "triage" text, "version" integer NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
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
    await queryRunner.query(
      `CREATE TABLE "ledger_entries" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(16) NOT NULL, "rewardId" integer, "campaignId" integer NOT NULL, "amountFen" bigint NOT NULL DEFAULT (0), "budgetRemainingFen" bigint NOT NULL DEFAULT (0), "outBillNo" varchar(32), "actorUserId" integer, "note" text, "dedupeKey" varchar(64), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_eb1b6d675a613b32c185992aaf" ON "ledger_entries" ("rewardId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_77de49f19cefcab2c0b26b5755" ON "ledger_entries" ("dedupeKey") `);
    await queryRunner.query(`CREATE INDEX "IDX_fc8bfc2ae78c996f4277b334f5" ON "ledger_entries" ("kind", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_3af1e6a3ad002143c342aa9ab2" ON "ledger_entries" ("campaignId", "createdAt") `);
    await queryRunner.query(
      `CREATE TABLE "case_extensions" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "caseId" integer NOT NULL, "hours" integer NOT NULL, "reason" varchar(500) NOT NULL, "status" varchar(16) NOT NULL, "requestedBy" integer NOT NULL, "decidedBy" integer, "decisionNote" text, "decidedAt" datetime(6), "deadlineBefore" datetime(6), "deadlineAfter" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_c5264061a89d3e9d132e6fb673" ON "case_extensions" ("status", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_5d1e5e79d2e13347e26ade8f83" ON "case_extensions" ("caseId", "status") `);
    await queryRunner.query(
      `CREATE TABLE "case_events" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "caseId" integer NOT NULL, "action" varchar(32) NOT NULL, "fromStatus" varchar(16), "toStatus" varchar(16), "actorUserId" integer, "actorRole" varchar(16), "note" text, "photoIds" text, "data" text, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_37b460f237a34c142f82512505" ON "case_events" ("action", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_1684d9e119688eb16910178788" ON "case_events" ("caseId", "id") `);
    await queryRunner.query(
      `CREATE TABLE "categories" ("code" varchar(64) PRIMARY KEY NOT NULL, "name" varchar(100) NOT NULL, "hint" varchar(200) NOT NULL DEFAULT (''), "defaultDepartmentType" varchar(32) NOT NULL, "slaHours" integer NOT NULL, "rewardFen" bigint NOT NULL DEFAULT (0), "duplicateRadiusM" integer NOT NULL DEFAULT (50), "duplicateWindowHours" integer NOT NULL DEFAULT (72), "autoMerge" boolean NOT NULL DEFAULT (0), "enabled" boolean NOT NULL DEFAULT (1), "sortOrder" integer NOT NULL DEFAULT (0), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `CREATE TABLE "case_escalations" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "caseId" integer NOT NULL, "step" varchar(16) NOT NULL, "deadlineAt" datetime(6) NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_86a95d7dfb66e920c48ec5fcba" ON "case_escalations" ("step", "createdAt") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_c141ead7e71d67974c0f822272" ON "case_escalations" ("caseId", "step", "deadlineAt") `);
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "at" datetime(6) NOT NULL, "actorUserId" integer, "actorName" varchar(64), "action" varchar(64) NOT NULL, "targetType" varchar(32), "targetId" varchar(64), "data" text, "prevHash" varchar(64) NOT NULL, "hash" varchar(64) NOT NULL)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_b2a2e69f0abb8e3c1293fea255" ON "audit_log" ("actorUserId") `);
    await queryRunner.query(`CREATE INDEX "IDX_8ae954f53cbae392e68fe3181e" ON "audit_log" ("targetType") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_8720a34a7f1ebda6f2b3b29f7e" ON "audit_log" ("hash") `);
    await queryRunner.query(
      `CREATE TABLE "audit_chain_head" ("id" integer PRIMARY KEY NOT NULL, "lastId" integer NOT NULL DEFAULT (0), "hash" varchar(64) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE TABLE "responsibility_zones" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(100) NOT NULL, "departmentId" integer NOT NULL, "geometry" text NOT NULL, "sourceLine" text, "bufferM" integer, "categoryCodes" text, "minLat" double NOT NULL, "minLng" double NOT NULL, "maxLat" double NOT NULL, "maxLng" double NOT NULL, "active" boolean NOT NULL DEFAULT (1), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_3d8ef66898d93142ab973c4235" ON "responsibility_zones" ("departmentId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_8785ee2c16b13fa49f229d4321" ON "responsibility_zones" ("minLat", "maxLat", "minLng", "maxLng") `,
    );
    await queryRunner.query(
      `CREATE TABLE "areas" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(64) NOT NULL, "name" varchar(100) NOT NULL, "level" varchar(16) NOT NULL, "parentId" integer, "geometry" text, "minLat" double, "minLng" double, "maxLat" double, "maxLng" double, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_1ce4e4f7cd8d820081bc74aa16" ON "areas" ("code") `);
    await queryRunner.query(`CREATE INDEX "IDX_9bf50a18e0290c26f42fadecc2" ON "areas" ("parentId") `);
    await queryRunner.query(`CREATE INDEX "IDX_5c94211aa52cbf16d04dfb86b9" ON "areas" ("level", "minLat", "maxLat", "minLng", "maxLng") `);
    await queryRunner.query(
      `CREATE TABLE "media_check_verdicts" ("traceId" varchar(64) PRIMARY KEY NOT NULL, "suggest" varchar(16) NOT NULL, "label" integer, "detail" text, "photoId" integer, "appliedAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "media_check_verdicts"`);
    await queryRunner.query(`DROP INDEX "IDX_3a1ab282edd7661e28847ca85d"`);
    await queryRunner.query(`DROP INDEX "IDX_097d3af3b52a68852213d10b2b"`);
    await queryRunner.query(`DROP INDEX "IDX_5c94211aa52cbf16d04dfb86b9"`);
    await queryRunner.query(`DROP INDEX "IDX_9bf50a18e0290c26f42fadecc2"`);
    await queryRunner.query(`DROP INDEX "IDX_1ce4e4f7cd8d820081bc74aa16"`);
    await queryRunner.query(`DROP TABLE "areas"`);
    await queryRunner.query(`DROP INDEX "IDX_8785ee2c16b13fa49f229d4321"`);
    await queryRunner.query(`DROP INDEX "IDX_3d8ef66898d93142ab973c4235"`);
    await queryRunner.query(`DROP TABLE "responsibility_zones"`);
    await queryRunner.query(`DROP TABLE "audit_chain_head"`);
    await queryRunner.query(`DROP INDEX "IDX_8720a34a7f1ebda6f2b3b29f7e"`);
    await queryRunner.query(`DROP INDEX "IDX_8ae954f53cbae392e68fe3181e"`);
    await queryRunner.query(`DROP INDEX "IDX_b2a2e69f0abb8e3c1293fea255"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP INDEX "IDX_c141ead7e71d67974c0f822272"`);
    await queryRunner.query(`DROP INDEX "IDX_86a95d7dfb66e920c48ec5fcba"`);
    await queryRunner.query(`DROP TABLE "case_escalations"`);
    await queryRunner.query(`DROP TABLE "categories"`);
    await queryRunner.query(`DROP INDEX "IDX_1684d9e119688eb16910178788"`);
    await queryRunner.query(`DROP INDEX "IDX_37b460f237a34c142f82512505"`);
    await queryRunner.query(`DROP TABLE "case_events"`);
    await queryRunner.query(`DROP INDEX "IDX_5d1e5e79d2e13347e26ade8f83"`);
    await queryRunner.query(`DROP INDEX "IDX_c5264061a89d3e9d132e6fb673"`);
    await queryRunner.query(`DROP TABLE "case_extensions"`);
    await queryRunner.query(`DROP INDEX "IDX_3af1e6a3ad002143c342aa9ab2"`);
    await queryRunner.query(`DROP INDEX "IDX_fc8bfc2ae78c996f4277b334f5"`);
    await queryRunner.query(`DROP INDEX "IDX_77de49f19cefcab2c0b26b5755"`);
    await queryRunner.query(`DROP INDEX "IDX_eb1b6d675a613b32c185992aaf"`);
    await queryRunner.query(`DROP TABLE "ledger_entries"`);
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
    await queryRunner.query(`DROP TABLE "cases"`);
    await queryRunner.query(`DROP TABLE "demo_marker"`);
    await queryRunner.query(`DROP INDEX "IDX_1348f2044106b0ce8e91090ccf"`);
    await queryRunner.query(`DROP INDEX "IDX_91fddbe23e927e1e525c152baa"`);
    await queryRunner.query(`DROP TABLE "departments"`);
    await queryRunner.query(`DROP INDEX "IDX_9000793608d0e390a7ce08043f"`);
    await queryRunner.query(`DROP INDEX "IDX_dae1cb350c1f0d451cc4d1ac9d"`);
    await queryRunner.query(`DROP TABLE "outbox_messages"`);
    await queryRunner.query(`DROP INDEX "IDX_527753bfdf82aafb34fe780a2b"`);
    await queryRunner.query(`DROP INDEX "IDX_ee0be77b6d08352896db0ba72b"`);
    await queryRunner.query(`DROP INDEX "IDX_271f1a343c1a6555b01c67ca96"`);
    await queryRunner.query(`DROP TABLE "staff_notices"`);
    await queryRunner.query(`DROP INDEX "IDX_6d1b4d49bdb01fdb6cb4c830e5"`);
    await queryRunner.query(`DROP TABLE "subscription_grants"`);
    await queryRunner.query(`DROP INDEX "IDX_ee7bc7d9cf5f3d85c992fd4baf"`);
    await queryRunner.query(`DROP TABLE "open311_clients"`);
    await queryRunner.query(`DROP INDEX "IDX_c84406857e7bc9f2607b390a43"`);
    await queryRunner.query(`DROP TABLE "payout_batch_approvals"`);
    await queryRunner.query(`DROP TABLE "payout_batches"`);
    await queryRunner.query(`DROP TABLE "job_leases"`);
    await queryRunner.query(`DROP INDEX "IDX_10086f7321adabafe0bf71dc4e"`);
    await queryRunner.query(`DROP INDEX "IDX_6ddf5c63d9a1e176d3119f91e6"`);
    await queryRunner.query(`DROP INDEX "IDX_e30016092db43b4aef2312f980"`);
    await queryRunner.query(`DROP INDEX "IDX_1205a3adf062473b94839320fe"`);
    await queryRunner.query(`DROP TABLE "report_feedback"`);
    await queryRunner.query(`DROP INDEX "IDX_1392b619abdb30b0524813cfa8"`);
    await queryRunner.query(`DROP INDEX "IDX_5904ce413317ba0234b248ee0f"`);
    await queryRunner.query(`DROP INDEX "IDX_2a7a1e3688508f18ee49dafa6b"`);
    await queryRunner.query(`DROP INDEX "IDX_e5e37e02fed27b7b0821af7168"`);
    await queryRunner.query(`DROP TABLE "reports"`);
    await queryRunner.query(`DROP TABLE "campaigns"`);
    await queryRunner.query(`DROP INDEX "IDX_d6a0c4a2f19afee00fb2aa91cf"`);
    await queryRunner.query(`DROP INDEX "IDX_ce84897838b4ed8b7de3c98f52"`);
    await queryRunner.query(`DROP INDEX "IDX_27f640f71b8cd5d94a18f43c86"`);
    await queryRunner.query(`DROP INDEX "IDX_007d589151da4de69f58bb0e06"`);
    await queryRunner.query(`DROP INDEX "IDX_f80c5bbdaeb300fd6bd20a6d03"`);
    await queryRunner.query(`DROP INDEX "IDX_b469f585c9409102c5110dc52a"`);
    await queryRunner.query(`DROP INDEX "IDX_71b955e35d8511650c60cbdab3"`);
    await queryRunner.query(`DROP TABLE "rewards"`);
    await queryRunner.query(`DROP INDEX "IDX_9604367644bdc3f9377700615b"`);
    await queryRunner.query(`DROP TABLE "reward_decisions"`);
    await queryRunner.query(`DROP INDEX "IDX_c242039f1fdfbc06e8cfc5478b"`);
    await queryRunner.query(`DROP INDEX "IDX_5c60096c05a7b509597f5e09b4"`);
    await queryRunner.query(`DROP TABLE "routing_rules"`);
    await queryRunner.query(`DROP INDEX "IDX_9595eafb09bfd661c6642ae2d5"`);
    await queryRunner.query(`DROP INDEX "IDX_68c67dcb3f84eba322f59f5e76"`);
    await queryRunner.query(`DROP INDEX "IDX_5e63da327a0b7e62cc4422a08c"`);
    await queryRunner.query(`DROP INDEX "IDX_97fc219b8aab719ef29d45aada"`);
    await queryRunner.query(`DROP INDEX "IDX_866b40c12a0b7b83872e83173f"`);
    await queryRunner.query(`DROP INDEX "IDX_c95d71f085aae2c177ecc90f3f"`);
    await queryRunner.query(`DROP INDEX "IDX_fe698ae913b573b4eb88ec4a61"`);
    await queryRunner.query(`DROP INDEX "IDX_854d50cc4a5b5a920c535717db"`);
    await queryRunner.query(`DROP INDEX "IDX_669668a3f08b1f2a9fe10d5965"`);
    await queryRunner.query(`DROP INDEX "IDX_53e230f14cc0d66cadfef4aef2"`);
    await queryRunner.query(`DROP TABLE "photos"`);
    await queryRunner.query(`DROP INDEX "IDX_554d853741f2083faaa5794d2a"`);
    await queryRunner.query(`DROP INDEX "IDX_fe0bb3f6520ee0469504521e71"`);
    await queryRunner.query(`DROP INDEX "IDX_9c98f005249412c8333a3b2c59"`);
    await queryRunner.query(`DROP TABLE "users"`);
  }
}
