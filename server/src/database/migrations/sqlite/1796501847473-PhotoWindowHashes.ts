import { MigrationInterface, QueryRunner } from 'typeorm';

export class PhotoWindowHashes1796501847473 implements MigrationInterface {
  name = 'PhotoWindowHashes1796501847473';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "photo_window_hashes" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "photoId" integer NOT NULL, "x" smallint NOT NULL, "y" smallint NOT NULL, "w" smallint NOT NULL, "h" smallint NOT NULL, "whole" boolean NOT NULL, "hashHi" integer NOT NULL, "hashLo" integer NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "IDX_14c95faabd1c552c77bb223755" ON "photo_window_hashes" ("photoId") `);
    await queryRunner.query(`CREATE INDEX "IDX_ab19470989dd1fac4413b55b5f" ON "photo_window_hashes" ("whole", "hashLo") `);
    await queryRunner.query(`CREATE INDEX "IDX_21698a46186701d1dd9afd51ac" ON "photo_window_hashes" ("whole", "hashHi") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_21698a46186701d1dd9afd51ac"`);
    await queryRunner.query(`DROP INDEX "IDX_ab19470989dd1fac4413b55b5f"`);
    await queryRunner.query(`DROP INDEX "IDX_14c95faabd1c552c77bb223755"`);
    await queryRunner.query(`DROP TABLE "photo_window_hashes"`);
  }
}
