import { MigrationInterface, QueryRunner } from 'typeorm';

export class StatementReconciliations1796479393318 implements MigrationInterface {
  name = 'StatementReconciliations1796479393318';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`statement_reconciliations\` (\`billDate\` varchar(10) NOT NULL, \`status\` varchar(16) NOT NULL, \`sha1\` varchar(64) NULL, \`outflowCount\` int NOT NULL DEFAULT '0', \`outflowFen\` bigint NOT NULL DEFAULT '0', \`matchedCount\` int NOT NULL DEFAULT '0', \`matchedFen\` bigint NOT NULL DEFAULT '0', \`differences\` text NOT NULL, \`error\` varchar(300) NULL, \`checkedAt\` datetime(6) NOT NULL, PRIMARY KEY (\`billDate\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`statement_reconciliations\``);
  }
}
