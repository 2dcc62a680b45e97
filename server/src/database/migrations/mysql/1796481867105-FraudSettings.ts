import { MigrationInterface, QueryRunner } from 'typeorm';

export class FraudSettings1796481867105 implements MigrationInterface {
  name = 'FraudSettings1796481867105';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`fraud_settings\` (\`id\` int NOT NULL, \`settings\` text NOT NULL, \`updatedBy\` int NULL, \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`fraud_settings\``);
  }
}
