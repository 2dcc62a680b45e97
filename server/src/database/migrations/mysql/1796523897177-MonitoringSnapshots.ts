import { MigrationInterface, QueryRunner } from 'typeorm';

export class MonitoringSnapshots1796523897177 implements MigrationInterface {
  name = 'MonitoringSnapshots1796523897177';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`monitoring_snapshots\` (\`document\` varchar(24) NOT NULL, \`section\` text NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), PRIMARY KEY (\`document\`)) ENGINE=InnoDB`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`monitoring_snapshots\``);
  }
}
