import { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseEvidence1796479616473 implements MigrationInterface {
  name = 'CaseEvidence1796479616473';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`case_evidence\` (\`id\` int NOT NULL AUTO_INCREMENT, \`caseId\` int NOT NULL, \`purpose\` varchar(16) NOT NULL, \`reportId\` int NULL, \`verified\` tinyint NOT NULL, \`current\` tinyint NOT NULL DEFAULT 1, \`checks\` text NOT NULL, \`photoIds\` text NOT NULL, \`actorUserId\` int NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_d5678f0933a20f48d733181874\` (\`caseId\`, \`current\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_d5678f0933a20f48d733181874\` ON \`case_evidence\``);
    await queryRunner.query(`DROP TABLE \`case_evidence\``);
  }
}
