import { MigrationInterface, QueryRunner } from 'typeorm';

export class SupervisionNotices1796489337374 implements MigrationInterface {
  name = 'SupervisionNotices1796489337374';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`supervision_notices\` (\`id\` int NOT NULL AUTO_INCREMENT, \`roundId\` int NOT NULL, \`departmentId\` int NOT NULL, \`title\` varchar(100) NOT NULL, \`requirement\` text NULL, \`deadline\` datetime(6) NOT NULL, \`caseIds\` text NOT NULL, \`repliedAt\` datetime(6) NULL, \`createdByUserId\` int NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_c563a69eed1369f7cb88fd2b5e\` (\`departmentId\`), INDEX \`IDX_6385cf014d7a4ee46e9f581807\` (\`repliedAt\`, \`deadline\`), UNIQUE INDEX \`IDX_216dcf1aeb9b0174fb6da434da\` (\`roundId\`, \`departmentId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`supervision_replies\` (\`id\` int NOT NULL AUTO_INCREMENT, \`noticeId\` int NOT NULL, \`userId\` int NOT NULL, \`text\` text NOT NULL, \`photoIds\` text NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_376134c26397323f67b7f206a4\` (\`noticeId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`supervision_escalations\` (\`id\` int NOT NULL AUTO_INCREMENT, \`noticeId\` int NOT NULL, \`step\` varchar(16) NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_4293ae579ab164c34449ae7e1f\` (\`noticeId\`, \`step\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_4293ae579ab164c34449ae7e1f\` ON \`supervision_escalations\``);
    await queryRunner.query(`DROP TABLE \`supervision_escalations\``);
    await queryRunner.query(`DROP INDEX \`IDX_376134c26397323f67b7f206a4\` ON \`supervision_replies\``);
    await queryRunner.query(`DROP TABLE \`supervision_replies\``);
    await queryRunner.query(`DROP INDEX \`IDX_216dcf1aeb9b0174fb6da434da\` ON \`supervision_notices\``);
    await queryRunner.query(`DROP INDEX \`IDX_6385cf014d7a4ee46e9f581807\` ON \`supervision_notices\``);
    await queryRunner.query(`DROP INDEX \`IDX_c563a69eed1369f7cb88fd2b5e\` ON \`supervision_notices\``);
    await queryRunner.query(`DROP TABLE \`supervision_notices\``);
  }
}
