import { MigrationInterface, QueryRunner } from 'typeorm';

export class LeaderScores1796500299760 implements MigrationInterface {
  name = 'LeaderScores1796500299760';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`evaluation_leader_scores\` (\`quarter\` varchar(7) NOT NULL, \`areaId\` int NOT NULL, \`score\` double NOT NULL, \`note\` varchar(200) NULL, \`enteredByUserId\` int NOT NULL, \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), PRIMARY KEY (\`quarter\`, \`areaId\`)) ENGINE=InnoDB`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`evaluation_leader_scores\``);
  }
}
