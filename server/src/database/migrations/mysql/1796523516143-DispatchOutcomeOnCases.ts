import { MigrationInterface, QueryRunner } from 'typeorm';

export class DispatchOutcomeOnCases1796523516143 implements MigrationInterface {
  name = 'DispatchOutcomeOnCases1796523516143';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`cases\` ADD \`firstDispatchedAt\` datetime(6) NULL`);
    await queryRunner.query(`ALTER TABLE \`cases\` ADD \`firstDepartmentId\` int NULL`);
    await queryRunner.query(`ALTER TABLE \`cases\` ADD \`suggestionTaken\` tinyint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE \`cases\` ADD \`dispatchCount\` int NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE \`cases\` ADD \`returnCount\` int NOT NULL DEFAULT '0'`);
    // Backfill from the timelines (the same recount as cases/dispatch-outcome.repository.ts, written out here so this
    // migration keeps its meaning when that code changes). Cases without a dispatch or return keep the defaults.
    await queryRunner.query(`UPDATE cases SET firstDispatchedAt = (SELECT e.createdAt FROM case_events e WHERE e.caseId = cases.id AND e.action = 'dispatch' ORDER BY e.createdAt, e.id LIMIT 1), firstDepartmentId = (SELECT CASE WHEN JSON_TYPE(JSON_EXTRACT(e.data, '$.departmentId')) = 'INTEGER' THEN CAST(JSON_VALUE(e.data, '$.departmentId') AS SIGNED) END FROM case_events e WHERE e.caseId = cases.id AND e.action = 'dispatch' ORDER BY e.createdAt, e.id LIMIT 1), suggestionTaken = COALESCE((SELECT CASE WHEN JSON_EXTRACT(e.data, '$.suggested') = 'true' THEN 1 ELSE 0 END FROM case_events e WHERE e.caseId = cases.id AND e.action = 'dispatch' ORDER BY e.createdAt, e.id LIMIT 1), 0), dispatchCount = (SELECT COUNT(*) FROM case_events e WHERE e.caseId = cases.id AND e.action = 'dispatch'), returnCount = (SELECT COUNT(*) FROM case_events e WHERE e.caseId = cases.id AND e.action = 'return'), updatedAt = updatedAt WHERE EXISTS (SELECT 1 FROM case_events e WHERE e.caseId = cases.id AND e.action IN ('dispatch', 'return'))`);
    await queryRunner.query(`CREATE INDEX \`IDX_kpi_cases_first_dispatch\` ON \`cases\` (\`firstDispatchedAt\`, \`firstDepartmentId\`, \`categoryCode\`, \`dispatchCount\`, \`returnCount\`, \`suggestionTaken\`)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_kpi_cases_first_dispatch\` ON \`cases\``);
    await queryRunner.query(`ALTER TABLE \`cases\` DROP COLUMN \`returnCount\``);
    await queryRunner.query(`ALTER TABLE \`cases\` DROP COLUMN \`dispatchCount\``);
    await queryRunner.query(`ALTER TABLE \`cases\` DROP COLUMN \`suggestionTaken\``);
    await queryRunner.query(`ALTER TABLE \`cases\` DROP COLUMN \`firstDepartmentId\``);
    await queryRunner.query(`ALTER TABLE \`cases\` DROP COLUMN \`firstDispatchedAt\``);
  }
}
