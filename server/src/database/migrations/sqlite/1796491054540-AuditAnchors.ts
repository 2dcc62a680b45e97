import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditAnchors1796491054540 implements MigrationInterface {
  name = 'AuditAnchors1796491054540';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_anchors" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "lastId" integer NOT NULL, "hash" varchar(64) NOT NULL, "anchoredAt" datetime(6) NOT NULL, "signature" varchar(64) NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_8d904d47cd2ec73046659d5655" ON "audit_anchors" ("lastId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_8d904d47cd2ec73046659d5655"`);
    await queryRunner.query(`DROP TABLE "audit_anchors"`);
  }
}
