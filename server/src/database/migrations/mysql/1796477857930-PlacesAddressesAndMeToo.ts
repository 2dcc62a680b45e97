import { MigrationInterface, QueryRunner } from 'typeorm';

export class PlacesAddressesAndMeToo1796477857930 implements MigrationInterface {
  name = 'PlacesAddressesAndMeToo1796477857930';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`case_me_too\` (\`id\` int NOT NULL AUTO_INCREMENT, \`caseId\` int NOT NULL, \`userId\` int NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_2627933f561e31deb6d8c1c175\` (\`userId\`, \`createdAt\`), UNIQUE INDEX \`IDX_7fa79b82ff8ef7c03db56edc22\` (\`caseId\`, \`userId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(`ALTER TABLE \`reports\` ADD \`address\` varchar(200) NULL`);
    await queryRunner.query(`ALTER TABLE \`reports\` ADD \`landmark\` varchar(100) NULL`);
    await queryRunner.query(`ALTER TABLE \`cases\` ADD \`address\` varchar(200) NULL`);
    await queryRunner.query(`ALTER TABLE \`cases\` ADD \`landmark\` varchar(100) NULL`);
    await queryRunner.query(`ALTER TABLE \`cases\` ADD \`meTooCount\` int NOT NULL DEFAULT '0'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`cases\` DROP COLUMN \`meTooCount\``);
    await queryRunner.query(`ALTER TABLE \`cases\` DROP COLUMN \`landmark\``);
    await queryRunner.query(`ALTER TABLE \`cases\` DROP COLUMN \`address\``);
    await queryRunner.query(`ALTER TABLE \`reports\` DROP COLUMN \`landmark\``);
    await queryRunner.query(`ALTER TABLE \`reports\` DROP COLUMN \`address\``);
    await queryRunner.query(`DROP INDEX \`IDX_7fa79b82ff8ef7c03db56edc22\` ON \`case_me_too\``);
    await queryRunner.query(`DROP INDEX \`IDX_2627933f561e31deb6d8c1c175\` ON \`case_me_too\``);
    await queryRunner.query(`DROP TABLE \`case_me_too\``);
  }
}
