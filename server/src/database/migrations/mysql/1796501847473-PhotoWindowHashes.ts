import { MigrationInterface, QueryRunner } from 'typeorm';

export class PhotoWindowHashes1796501847473 implements MigrationInterface {
  name = 'PhotoWindowHashes1796501847473';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`photo_window_hashes\` (\`id\` int NOT NULL AUTO_INCREMENT, \`photoId\` int NOT NULL, \`x\` smallint NOT NULL, \`y\` smallint NOT NULL, \`w\` smallint NOT NULL, \`h\` smallint NOT NULL, \`whole\` tinyint NOT NULL, \`hashHi\` int NOT NULL, \`hashLo\` int NOT NULL, INDEX \`IDX_14c95faabd1c552c77bb223755\` (\`photoId\`), INDEX \`IDX_ab19470989dd1fac4413b55b5f\` (\`whole\`, \`hashLo\`), INDEX \`IDX_21698a46186701d1dd9afd51ac\` (\`whole\`, \`hashHi\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_21698a46186701d1dd9afd51ac\` ON \`photo_window_hashes\``);
    await queryRunner.query(`DROP INDEX \`IDX_ab19470989dd1fac4413b55b5f\` ON \`photo_window_hashes\``);
    await queryRunner.query(`DROP INDEX \`IDX_14c95faabd1c552c77bb223755\` ON \`photo_window_hashes\``);
    await queryRunner.query(`DROP TABLE \`photo_window_hashes\``);
  }
}
