import { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseListDepartmentSortIndexes1796578654428 implements MigrationInterface {
  name = 'CaseListDepartmentSortIndexes1796578654428';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_cases_list_dept_updated" ON "cases" ("departmentId", "status", "updatedAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_cases_list_dept_metoo" ON "cases" ("departmentId", "status", "meTooCount") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_cases_list_dept_metoo"`);
    await queryRunner.query(`DROP INDEX "IDX_cases_list_dept_updated"`);
  }
}
