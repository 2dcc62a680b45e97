import { MigrationInterface, QueryRunner } from 'typeorm';

export class CredentialVersionLoginBackoffImageCheckAskedAt1796480367997 implements MigrationInterface {
  name = 'CredentialVersionLoginBackoffImageCheckAskedAt1796480367997';

  public async up(queryRunner: QueryRunner): Promise<void> {
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
    await queryRunner.query(
      `CREATE TABLE "temporary_photos" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "ownerUserId" integer NOT NULL, "storageKey" varchar(200) NOT NULL, "thumbKey" varchar(200) NOT NULL, "mime" varchar(32) NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "bytes" integer NOT NULL, "sha256" varchar(64) NOT NULL, "phash" varchar(16) NOT NULL, "phashBlock0" integer NOT NULL, "phashBlock1" integer NOT NULL, "phashBlock2" integer NOT NULL, "phashBlock3" integer NOT NULL, "takenAt" datetime(6), "gpsLat" double, "gpsLng" double, "contentCheck" varchar(16) NOT NULL DEFAULT ('pending'), "contentTraceId" varchar(64), "reportId" integer, "caseId" integer, "role" varchar(16), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "captureAt" datetime(6), "captureLat" double, "captureLng" double, "captureAccuracyM" double, "captureSource" varchar(8), "contentCheckAskedAt" datetime(6))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_photos"("id", "ownerUserId", "storageKey", "thumbKey", "mime", "width", "height", "bytes", "sha256", "phash", "phashBlock0", "phashBlock1", "phashBlock2", "phashBlock3", "takenAt", "gpsLat", "gpsLng", "contentCheck", "contentTraceId", "reportId", "caseId", "role", "createdAt", "captureAt", "captureLat", "captureLng", "captureAccuracyM", "captureSource") SELECT "id", "ownerUserId", "storageKey", "thumbKey", "mime", "width", "height", "bytes", "sha256", "phash", "phashBlock0", "phashBlock1", "phashBlock2", "phashBlock3", "takenAt", "gpsLat", "gpsLng", "contentCheck", "contentTraceId", "reportId", "caseId", "role", "createdAt", "captureAt", "captureLat", "captureLng", "captureAccuracyM", "captureSource" FROM "photos"`,
    );
    await queryRunner.query(`DROP TABLE "photos"`);
    await queryRunner.query(`ALTER TABLE "temporary_photos" RENAME TO "photos"`);
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
    await queryRunner.query(`DROP INDEX "IDX_554d853741f2083faaa5794d2a"`);
    await queryRunner.query(`DROP INDEX "IDX_fe0bb3f6520ee0469504521e71"`);
    await queryRunner.query(`DROP INDEX "IDX_9c98f005249412c8333a3b2c59"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_users" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(16) NOT NULL, "openid" varchar(64), "unionid" varchar(64), "sessionKey" varchar(64), "username" varchar(64), "passwordHash" varchar(100), "displayName" varchar(64) NOT NULL, "roles" text NOT NULL, "departmentId" integer, "phone" varchar(20), "active" boolean NOT NULL DEFAULT (1), "deletedAt" datetime(6), "lastLoginAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "credentialVersion" integer NOT NULL DEFAULT (0), "loginFailures" integer NOT NULL DEFAULT (0), "loginLockedUntil" datetime(6))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_users"("id", "kind", "openid", "unionid", "sessionKey", "username", "passwordHash", "displayName", "roles", "departmentId", "phone", "active", "deletedAt", "lastLoginAt", "createdAt", "updatedAt") SELECT "id", "kind", "openid", "unionid", "sessionKey", "username", "passwordHash", "displayName", "roles", "departmentId", "phone", "active", "deletedAt", "lastLoginAt", "createdAt", "updatedAt" FROM "users"`,
    );
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`ALTER TABLE "temporary_users" RENAME TO "users"`);
    await queryRunner.query(`CREATE INDEX "IDX_554d853741f2083faaa5794d2a" ON "users" ("departmentId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fe0bb3f6520ee0469504521e71" ON "users" ("username") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_9c98f005249412c8333a3b2c59" ON "users" ("openid") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_9c98f005249412c8333a3b2c59"`);
    await queryRunner.query(`DROP INDEX "IDX_fe0bb3f6520ee0469504521e71"`);
    await queryRunner.query(`DROP INDEX "IDX_554d853741f2083faaa5794d2a"`);
    await queryRunner.query(`ALTER TABLE "users" RENAME TO "temporary_users"`);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(16) NOT NULL, "openid" varchar(64), "unionid" varchar(64), "sessionKey" varchar(64), "username" varchar(64), "passwordHash" varchar(100), "displayName" varchar(64) NOT NULL, "roles" text NOT NULL, "departmentId" integer, "phone" varchar(20), "active" boolean NOT NULL DEFAULT (1), "deletedAt" datetime(6), "lastLoginAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `INSERT INTO "users"("id", "kind", "openid", "unionid", "sessionKey", "username", "passwordHash", "displayName", "roles", "departmentId", "phone", "active", "deletedAt", "lastLoginAt", "createdAt", "updatedAt") SELECT "id", "kind", "openid", "unionid", "sessionKey", "username", "passwordHash", "displayName", "roles", "departmentId", "phone", "active", "deletedAt", "lastLoginAt", "createdAt", "updatedAt" FROM "temporary_users"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_users"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_9c98f005249412c8333a3b2c59" ON "users" ("openid") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fe0bb3f6520ee0469504521e71" ON "users" ("username") `);
    await queryRunner.query(`CREATE INDEX "IDX_554d853741f2083faaa5794d2a" ON "users" ("departmentId") `);
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
    await queryRunner.query(`ALTER TABLE "photos" RENAME TO "temporary_photos"`);
    await queryRunner.query(
      `CREATE TABLE "photos" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "ownerUserId" integer NOT NULL, "storageKey" varchar(200) NOT NULL, "thumbKey" varchar(200) NOT NULL, "mime" varchar(32) NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "bytes" integer NOT NULL, "sha256" varchar(64) NOT NULL, "phash" varchar(16) NOT NULL, "phashBlock0" integer NOT NULL, "phashBlock1" integer NOT NULL, "phashBlock2" integer NOT NULL, "phashBlock3" integer NOT NULL, "takenAt" datetime(6), "gpsLat" double, "gpsLng" double, "contentCheck" varchar(16) NOT NULL DEFAULT ('pending'), "contentTraceId" varchar(64), "reportId" integer, "caseId" integer, "role" varchar(16), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "captureAt" datetime(6), "captureLat" double, "captureLng" double, "captureAccuracyM" double, "captureSource" varchar(8))`,
    );
    await queryRunner.query(
      `INSERT INTO "photos"("id", "ownerUserId", "storageKey", "thumbKey", "mime", "width", "height", "bytes", "sha256", "phash", "phashBlock0", "phashBlock1", "phashBlock2", "phashBlock3", "takenAt", "gpsLat", "gpsLng", "contentCheck", "contentTraceId", "reportId", "caseId", "role", "createdAt", "captureAt", "captureLat", "captureLng", "captureAccuracyM", "captureSource") SELECT "id", "ownerUserId", "storageKey", "thumbKey", "mime", "width", "height", "bytes", "sha256", "phash", "phashBlock0", "phashBlock1", "phashBlock2", "phashBlock3", "takenAt", "gpsLat", "gpsLng", "contentCheck", "contentTraceId", "reportId", "caseId", "role", "createdAt", "captureAt", "captureLat", "captureLng", "captureAccuracyM", "captureSource" FROM "temporary_photos"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_photos"`);
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
}
