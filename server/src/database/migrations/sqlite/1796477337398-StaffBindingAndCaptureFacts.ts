import { MigrationInterface, QueryRunner } from 'typeorm';

export class StaffBindingAndCaptureFacts1796477337398 implements MigrationInterface {
  name = 'StaffBindingAndCaptureFacts1796477337398';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "staff_bind_codes" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "userId" integer NOT NULL, "codeHash" varchar(64) NOT NULL, "expiresAt" datetime(6) NOT NULL, "usedAt" datetime(6), "revokedAt" datetime(6), "createdByUserId" integer NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_03ab18a194f78926e8630161a3" ON "staff_bind_codes" ("userId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_b9e2c667a5dc64a4f27d77903a" ON "staff_bind_codes" ("codeHash") `);
    await queryRunner.query(
      `CREATE TABLE "staff_wechat_bindings" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "userId" integer NOT NULL, "openid" varchar(64) NOT NULL, "activeOpenid" varchar(64), "activeUserId" integer, "bindCodeId" integer NOT NULL, "boundAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "endedAt" datetime(6), "endReason" varchar(16), "endedByUserId" integer)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_f8cc99d22fe5cf7b0574fe29ee" ON "staff_wechat_bindings" ("userId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_4110ddfdba9ee5390706c5cbf1" ON "staff_wechat_bindings" ("activeOpenid") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ffb0449fb2be14feb52707fccd" ON "staff_wechat_bindings" ("activeUserId") `);
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
    await queryRunner.query(
      `CREATE TABLE "temporary_photos" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "ownerUserId" integer NOT NULL, "storageKey" varchar(200) NOT NULL, "thumbKey" varchar(200) NOT NULL, "mime" varchar(32) NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "bytes" integer NOT NULL, "sha256" varchar(64) NOT NULL, "phash" varchar(16) NOT NULL, "phashBlock0" integer NOT NULL, "phashBlock1" integer NOT NULL, "phashBlock2" integer NOT NULL, "phashBlock3" integer NOT NULL, "takenAt" datetime(6), "gpsLat" double, "gpsLng" double, "contentCheck" varchar(16) NOT NULL DEFAULT ('pending'), "contentTraceId" varchar(64), "reportId" integer, "caseId" integer, "role" varchar(16), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "captureAt" datetime(6), "captureLat" double, "captureLng" double, "captureAccuracyM" double, "captureSource" varchar(8))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_photos"("id", "ownerUserId", "storageKey", "thumbKey", "mime", "width", "height", "bytes", "sha256", "phash", "phashBlock0", "phashBlock1", "phashBlock2", "phashBlock3", "takenAt", "gpsLat", "gpsLng", "contentCheck", "contentTraceId", "reportId", "caseId", "role", "createdAt") SELECT "id", "ownerUserId", "storageKey", "thumbKey", "mime", "width", "height", "bytes", "sha256", "phash", "phashBlock0", "phashBlock1", "phashBlock2", "phashBlock3", "takenAt", "gpsLat", "gpsLng", "contentCheck", "contentTraceId", "reportId", "caseId", "role", "createdAt" FROM "photos"`,
    );
    await queryRunner.query(`DROP TABLE "photos"`);
    await queryRunner.query(`ALTER TABLE "temporary_photos" RENAME TO "photos"`);
    await queryRunner.query(`CREATE INDEX "IDX_9595eafb09bfd661c6642ae2d5" ON "photos" ("caseId") `);
    await queryRunner.query(`CREATE INDEX "IDX_68c67dcb3f84eba322f59f5e76" ON "photos" ("reportId") `);
    await queryRunner.query(`CREATE INDEX "IDX_5e63da327a0b7e62cc4422a08c" ON "photos" ("contentTraceId") `);
    await queryRunner.query(`CREATE INDEX "IDX_97fc219b8aab719ef29d45aada" ON "photos" ("phashBlock3") `);
    await queryRunner.query(`CREATE INDEX "IDX_866b40c12a0b7b83872e83173f" ON "photos" ("phashBlock2") `);
    await queryRunner.query(`CREATE INDEX "IDX_c95d71f085aae2c177ecc90f3f" ON "photos" ("phashBlock1") `);
    await queryRunner.query(`CREATE INDEX "IDX_fe698ae913b573b4eb88ec4a61" ON "photos" ("phashBlock0") `);
    await queryRunner.query(`CREATE INDEX "IDX_854d50cc4a5b5a920c535717db" ON "photos" ("phash") `);
    await queryRunner.query(`CREATE INDEX "IDX_669668a3f08b1f2a9fe10d5965" ON "photos" ("sha256") `);
    await queryRunner.query(`CREATE INDEX "IDX_53e230f14cc0d66cadfef4aef2" ON "photos" ("ownerUserId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_53e230f14cc0d66cadfef4aef2"`);
    await queryRunner.query(`DROP INDEX "IDX_669668a3f08b1f2a9fe10d5965"`);
    await queryRunner.query(`DROP INDEX "IDX_854d50cc4a5b5a920c535717db"`);
    await queryRunner.query(`DROP INDEX "IDX_fe698ae913b573b4eb88ec4a61"`);
    await queryRunner.query(`DROP INDEX "IDX_c95d71f085aae2c177ecc90f3f"`);
    await queryRunner.query(`DROP INDEX "IDX_866b40c12a0b7b83872e83173f"`);
    await queryRunner.query(`DROP INDEX "IDX_97fc219b8aab719ef29d45aada"`);
    await queryRunner.query(`DROP INDEX "IDX_5e63da327a0b7e62cc4422a08c"`);
    await queryRunner.query(`DROP INDEX "IDX_68c67dcb3f84eba322f59f5e76"`);
    await queryRunner.query(`DROP INDEX "IDX_9595eafb09bfd661c6642ae2d5"`);
    await queryRunner.query(`ALTER TABLE "photos" RENAME TO "temporary_photos"`);
    await queryRunner.query(
      `CREATE TABLE "photos" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "ownerUserId" integer NOT NULL, "storageKey" varchar(200) NOT NULL, "thumbKey" varchar(200) NOT NULL, "mime" varchar(32) NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "bytes" integer NOT NULL, "sha256" varchar(64) NOT NULL, "phash" varchar(16) NOT NULL, "phashBlock0" integer NOT NULL, "phashBlock1" integer NOT NULL, "phashBlock2" integer NOT NULL, "phashBlock3" integer NOT NULL, "takenAt" datetime(6), "gpsLat" double, "gpsLng" double, "contentCheck" varchar(16) NOT NULL DEFAULT ('pending'), "contentTraceId" varchar(64), "reportId" integer, "caseId" integer, "role" varchar(16), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `INSERT INTO "photos"("id", "ownerUserId", "storageKey", "thumbKey", "mime", "width", "height", "bytes", "sha256", "phash", "phashBlock0", "phashBlock1", "phashBlock2", "phashBlock3", "takenAt", "gpsLat", "gpsLng", "contentCheck", "contentTraceId", "reportId", "caseId", "role", "createdAt") SELECT "id", "ownerUserId", "storageKey", "thumbKey", "mime", "width", "height", "bytes", "sha256", "phash", "phashBlock0", "phashBlock1", "phashBlock2", "phashBlock3", "takenAt", "gpsLat", "gpsLng", "contentCheck", "contentTraceId", "reportId", "caseId", "role", "createdAt" FROM "temporary_photos"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_photos"`);
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
    await queryRunner.query(`DROP INDEX "IDX_ffb0449fb2be14feb52707fccd"`);
    await queryRunner.query(`DROP INDEX "IDX_4110ddfdba9ee5390706c5cbf1"`);
    await queryRunner.query(`DROP INDEX "IDX_f8cc99d22fe5cf7b0574fe29ee"`);
    await queryRunner.query(`DROP TABLE "staff_wechat_bindings"`);
    await queryRunner.query(`DROP INDEX "IDX_b9e2c667a5dc64a4f27d77903a"`);
    await queryRunner.query(`DROP INDEX "IDX_03ab18a194f78926e8630161a3"`);
    await queryRunner.query(`DROP TABLE "staff_bind_codes"`);
  }
}
