import { MigrationInterface, QueryRunner } from 'typeorm';

export class StaffWecomUserId1796490890368 implements MigrationInterface {
  name = 'StaffWecomUserId1796490890368';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_9c98f005249412c8333a3b2c59"`);
    await queryRunner.query(`DROP INDEX "IDX_fe0bb3f6520ee0469504521e71"`);
    await queryRunner.query(`DROP INDEX "IDX_554d853741f2083faaa5794d2a"`);
    await queryRunner.query(`CREATE TABLE "temporary_users" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(16) NOT NULL, "openid" varchar(64), "unionid" varchar(64), "sessionKey" varchar(64), "username" varchar(64), "passwordHash" varchar(100), "displayName" varchar(64) NOT NULL, "roles" text NOT NULL, "departmentId" integer, "phone" varchar(20), "active" boolean NOT NULL DEFAULT (1), "deletedAt" datetime(6), "lastLoginAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "credentialVersion" integer NOT NULL DEFAULT (0), "loginFailures" integer NOT NULL DEFAULT (0), "loginLockedUntil" datetime(6), "wecomUserId" varchar(64))`);
    await queryRunner.query(`INSERT INTO "temporary_users"("id", "kind", "openid", "unionid", "sessionKey", "username", "passwordHash", "displayName", "roles", "departmentId", "phone", "active", "deletedAt", "lastLoginAt", "createdAt", "updatedAt", "credentialVersion", "loginFailures", "loginLockedUntil") SELECT "id", "kind", "openid", "unionid", "sessionKey", "username", "passwordHash", "displayName", "roles", "departmentId", "phone", "active", "deletedAt", "lastLoginAt", "createdAt", "updatedAt", "credentialVersion", "loginFailures", "loginLockedUntil" FROM "users"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`ALTER TABLE "temporary_users" RENAME TO "users"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_9c98f005249412c8333a3b2c59" ON "users" ("openid") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fe0bb3f6520ee0469504521e71" ON "users" ("username") `);
    await queryRunner.query(`CREATE INDEX "IDX_554d853741f2083faaa5794d2a" ON "users" ("departmentId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_554d853741f2083faaa5794d2a"`);
    await queryRunner.query(`DROP INDEX "IDX_fe0bb3f6520ee0469504521e71"`);
    await queryRunner.query(`DROP INDEX "IDX_9c98f005249412c8333a3b2c59"`);
    await queryRunner.query(`ALTER TABLE "users" RENAME TO "temporary_users"`);
    await queryRunner.query(`CREATE TABLE "users" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(16) NOT NULL, "openid" varchar(64), "unionid" varchar(64), "sessionKey" varchar(64), "username" varchar(64), "passwordHash" varchar(100), "displayName" varchar(64) NOT NULL, "roles" text NOT NULL, "departmentId" integer, "phone" varchar(20), "active" boolean NOT NULL DEFAULT (1), "deletedAt" datetime(6), "lastLoginAt" datetime(6), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')), "credentialVersion" integer NOT NULL DEFAULT (0), "loginFailures" integer NOT NULL DEFAULT (0), "loginLockedUntil" datetime(6))`);
    await queryRunner.query(`INSERT INTO "users"("id", "kind", "openid", "unionid", "sessionKey", "username", "passwordHash", "displayName", "roles", "departmentId", "phone", "active", "deletedAt", "lastLoginAt", "createdAt", "updatedAt", "credentialVersion", "loginFailures", "loginLockedUntil") SELECT "id", "kind", "openid", "unionid", "sessionKey", "username", "passwordHash", "displayName", "roles", "departmentId", "phone", "active", "deletedAt", "lastLoginAt", "createdAt", "updatedAt", "credentialVersion", "loginFailures", "loginLockedUntil" FROM "temporary_users"`);
    await queryRunner.query(`DROP TABLE "temporary_users"`);
    await queryRunner.query(`CREATE INDEX "IDX_554d853741f2083faaa5794d2a" ON "users" ("departmentId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fe0bb3f6520ee0469504521e71" ON "users" ("username") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_9c98f005249412c8333a3b2c59" ON "users" ("openid") `);
  }
}
