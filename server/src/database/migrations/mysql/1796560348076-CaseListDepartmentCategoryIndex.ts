import { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseListDepartmentCategoryIndex1796560348076 implements MigrationInterface {
  name = 'CaseListDepartmentCategoryIndex1796560348076';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX \`IDX_cases_list_dept_cat\` ON \`cases\` (\`departmentId\`, \`categoryCode\`, \`status\`, \`deadline\`)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_cases_list_dept_cat\` ON \`cases\``);
  }
}
