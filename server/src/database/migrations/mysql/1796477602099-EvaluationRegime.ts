import { MigrationInterface, QueryRunner } from 'typeorm';

export class EvaluationRegime1796477602099 implements MigrationInterface {
  name = 'EvaluationRegime1796477602099';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`inspection_rounds\` (\`id\` int NOT NULL AUTO_INCREMENT, \`kind\` varchar(8) NOT NULL, \`name\` varchar(100) NOT NULL, \`month\` varchar(7) NOT NULL, \`status\` varchar(16) NOT NULL, \`checklistVersionId\` int NOT NULL, \`areaIds\` text NOT NULL, \`inspectorUserIds\` text NOT NULL, \`createdByUserId\` int NOT NULL, \`publishedAt\` datetime(6) NULL, \`publishedByUserId\` int NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX \`IDX_79c19344526581e1893cd677fb\` (\`month\`, \`status\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`inspection_findings\` (\`id\` int NOT NULL AUTO_INCREMENT, \`roundId\` int NOT NULL, \`areaId\` int NOT NULL, \`gridId\` int NULL, \`itemCode\` varchar(32) NOT NULL, \`categoryCode\` varchar(64) NOT NULL, \`lat\` double NOT NULL, \`lng\` double NOT NULL, \`count\` int NOT NULL, \`deduction\` int NOT NULL, \`note\` text NULL, \`photoIds\` text NOT NULL, \`inspectorUserId\` int NOT NULL, \`caseId\` int NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_e78dd4696be3a1b3491f2f22c8\` (\`gridId\`), INDEX \`IDX_0e63d0412093935df9fd6496f5\` (\`caseId\`), INDEX \`IDX_73389346fedcc9f13944107a9c\` (\`roundId\`, \`areaId\`, \`itemCode\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`inspection_finding_photos\` (\`id\` int NOT NULL AUTO_INCREMENT, \`findingId\` int NOT NULL, \`photoId\` int NOT NULL, INDEX \`IDX_e5373e47df91038761d983f6bd\` (\`findingId\`), UNIQUE INDEX \`IDX_6ca2c88b2696fb3c5a04fadf37\` (\`photoId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`evaluation_settings\` (\`id\` int NOT NULL, \`weights\` text NOT NULL, \`digitalMix\` text NOT NULL, \`leaderWeight\` double NOT NULL DEFAULT '0', \`updatedByUserId\` int NULL, \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`checklist_versions\` (\`id\` int NOT NULL AUTO_INCREMENT, \`version\` int NOT NULL, \`note\` varchar(200) NULL, \`createdByUserId\` int NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_1b6c59781873148689893f60ef\` (\`version\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`checklist_items\` (\`id\` int NOT NULL AUTO_INCREMENT, \`versionId\` int NOT NULL, \`position\` int NOT NULL, \`code\` varchar(32) NOT NULL, \`section\` varchar(64) NOT NULL, \`text\` varchar(300) NOT NULL, \`deduction\` int NOT NULL, \`maxDeduction\` int NOT NULL, \`categoryCode\` varchar(64) NOT NULL, UNIQUE INDEX \`IDX_0e9a85d720c470fe98b65973f7\` (\`versionId\`, \`code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_0e9a85d720c470fe98b65973f7\` ON \`checklist_items\``);
    await queryRunner.query(`DROP TABLE \`checklist_items\``);
    await queryRunner.query(`DROP INDEX \`IDX_1b6c59781873148689893f60ef\` ON \`checklist_versions\``);
    await queryRunner.query(`DROP TABLE \`checklist_versions\``);
    await queryRunner.query(`DROP TABLE \`evaluation_settings\``);
    await queryRunner.query(`DROP INDEX \`IDX_6ca2c88b2696fb3c5a04fadf37\` ON \`inspection_finding_photos\``);
    await queryRunner.query(`DROP INDEX \`IDX_e5373e47df91038761d983f6bd\` ON \`inspection_finding_photos\``);
    await queryRunner.query(`DROP TABLE \`inspection_finding_photos\``);
    await queryRunner.query(`DROP INDEX \`IDX_73389346fedcc9f13944107a9c\` ON \`inspection_findings\``);
    await queryRunner.query(`DROP INDEX \`IDX_0e63d0412093935df9fd6496f5\` ON \`inspection_findings\``);
    await queryRunner.query(`DROP INDEX \`IDX_e78dd4696be3a1b3491f2f22c8\` ON \`inspection_findings\``);
    await queryRunner.query(`DROP TABLE \`inspection_findings\``);
    await queryRunner.query(`DROP INDEX \`IDX_79c19344526581e1893cd677fb\` ON \`inspection_rounds\``);
    await queryRunner.query(`DROP TABLE \`inspection_rounds\``);
  }
}
