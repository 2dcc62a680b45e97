import { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseListDepartmentSortIndexes1796578654428 implements MigrationInterface {
  name = 'CaseListDepartmentSortIndexes1796578654428';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // One ALTER: InnoDB reads the table once for both.
    await queryRunner.query(
      `ALTER TABLE \`cases\` ADD INDEX \`IDX_cases_list_dept_updated\` (\`departmentId\`, \`status\`, \`updatedAt\`), ADD INDEX \`IDX_cases_list_dept_metoo\` (\`departmentId\`, \`status\`, \`meTooCount\`)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_cases_list_dept_metoo\` ON \`cases\``);
    await queryRunner.query(`DROP INDEX \`IDX_cases_list_dept_updated\` ON \`cases\``);
  }
}
