import { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseListCategoryIndexes1796557484536 implements MigrationInterface {
  name = 'CaseListCategoryIndexes1796557484536';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_cases_list_cat_updated" ON "cases" ("status", "categoryCode", "updatedAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_cases_list_cat_metoo" ON "cases" ("status", "categoryCode", "meTooCount") `);
    await queryRunner.query(`CREATE INDEX "IDX_cases_list_cat_deadline" ON "cases" ("status", "categoryCode", "deadline") `);
    await queryRunner.query(`CREATE INDEX "IDX_cases_list_cat_created" ON "cases" ("status", "categoryCode", "createdAt") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_cases_list_cat_created"`);
    await queryRunner.query(`DROP INDEX "IDX_cases_list_cat_deadline"`);
    await queryRunner.query(`DROP INDEX "IDX_cases_list_cat_metoo"`);
    await queryRunner.query(`DROP INDEX "IDX_cases_list_cat_updated"`);
  }
}
