import { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseListIndexes1796547179267 implements MigrationInterface {
  name = 'CaseListIndexes1796547179267';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_bd6c10f2246767eee669d7f7fe"`);
    await queryRunner.query(`CREATE INDEX "IDX_cases_list_department" ON "cases" ("departmentId", "status", "deadline") `);
    await queryRunner.query(`CREATE INDEX "IDX_cases_list_metoo" ON "cases" ("status", "meTooCount") `);
    await queryRunner.query(`CREATE INDEX "IDX_cases_list_deadline" ON "cases" ("status", "deadline") `);
    await queryRunner.query(`CREATE INDEX "IDX_cases_list_created" ON "cases" ("status", "createdAt") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_cases_list_created"`);
    await queryRunner.query(`DROP INDEX "IDX_cases_list_deadline"`);
    await queryRunner.query(`DROP INDEX "IDX_cases_list_metoo"`);
    await queryRunner.query(`DROP INDEX "IDX_cases_list_department"`);
    await queryRunner.query(`CREATE INDEX "IDX_bd6c10f2246767eee669d7f7fe" ON "cases" ("departmentId", "status") `);
  }
}
