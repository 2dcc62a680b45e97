import { MigrationInterface, QueryRunner } from 'typeorm';

export class ModerationDecisions1796501462344 implements MigrationInterface {
  name = 'ModerationDecisions1796501462344';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`moderation_decisions\` (\`id\` int NOT NULL AUTO_INCREMENT, \`reportId\` int NOT NULL, \`caseId\` int NOT NULL, \`verdict\` varchar(16) NOT NULL, \`hiddenPhotoIds\` text NOT NULL, \`note\` text NULL, \`moderatorUserId\` int NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_443849bdfbc14839a2e5270ede\` (\`reportId\`), INDEX \`IDX_d53d04f9e88a3bbc3c5d70031c\` (\`createdAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_d53d04f9e88a3bbc3c5d70031c\` ON \`moderation_decisions\``);
    await queryRunner.query(`DROP INDEX \`IDX_443849bdfbc14839a2e5270ede\` ON \`moderation_decisions\``);
    await queryRunner.query(`DROP TABLE \`moderation_decisions\``);
  }
}
