import { MigrationInterface, QueryRunner } from 'typeorm';

export class KpiCoveringIndexes1796512499291 implements MigrationInterface {
  name = 'KpiCoveringIndexes1796512499291';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_e6cf90dd48b61f5d42195ee996\` ON \`cases\``);
    await queryRunner.query(`DROP INDEX \`IDX_4c55f948e1a820d2a07cdae384\` ON \`cases\``);
    await queryRunner.query(`DROP INDEX \`IDX_ac806506da7dfc8e4085fc608c\` ON \`cases\``);
    await queryRunner.query(`DROP INDEX \`IDX_0b3fd47abb7d70943eecb9ec0a\` ON \`cases\``);
    await queryRunner.query(`DROP INDEX \`IDX_277b2e822670da076fb7f0f416\` ON \`cases\``);
    await queryRunner.query(`DROP INDEX \`IDX_37b460f237a34c142f82512505\` ON \`case_events\``);
    await queryRunner.query(`CREATE INDEX \`IDX_kpi_cases_deadline\` ON \`cases\` (\`deadline\`, \`status\`, \`resolvedAt\`, \`departmentId\`)`);
    await queryRunner.query(`CREATE INDEX \`IDX_kpi_cases_closed\` ON \`cases\` (\`status\`, \`closedAt\`, \`departmentId\`, \`deadline\`, \`gridId\`)`);
    await queryRunner.query(`CREATE INDEX \`IDX_kpi_cases_resolved\` ON \`cases\` (\`resolvedAt\`, \`departmentId\`, \`dispatchedAt\`)`);
    await queryRunner.query(`CREATE INDEX \`IDX_kpi_cases_created\` ON \`cases\` (\`createdAt\`, \`status\`, \`departmentId\`, \`gridId\`, \`categoryCode\`)`);
    await queryRunner.query(`CREATE INDEX \`IDX_ba96d3bd77f9998e7c87256472\` ON \`cases\` (\`status\`, \`deadline\`, \`departmentId\`, \`resolvedAt\`)`);
    await queryRunner.query(`CREATE INDEX \`IDX_kpi_case_events_action\` ON \`case_events\` (\`action\`, \`createdAt\`, \`caseId\`)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_kpi_case_events_action\` ON \`case_events\``);
    await queryRunner.query(`DROP INDEX \`IDX_ba96d3bd77f9998e7c87256472\` ON \`cases\``);
    await queryRunner.query(`DROP INDEX \`IDX_kpi_cases_created\` ON \`cases\``);
    await queryRunner.query(`DROP INDEX \`IDX_kpi_cases_resolved\` ON \`cases\``);
    await queryRunner.query(`DROP INDEX \`IDX_kpi_cases_closed\` ON \`cases\``);
    await queryRunner.query(`DROP INDEX \`IDX_kpi_cases_deadline\` ON \`cases\``);
    await queryRunner.query(`CREATE INDEX \`IDX_37b460f237a34c142f82512505\` ON \`case_events\` (\`action\`, \`createdAt\`)`);
    await queryRunner.query(`CREATE INDEX \`IDX_277b2e822670da076fb7f0f416\` ON \`cases\` (\`status\`, \`deadline\`, \`departmentId\`)`);
    await queryRunner.query(`CREATE INDEX \`IDX_0b3fd47abb7d70943eecb9ec0a\` ON \`cases\` (\`createdAt\`)`);
    await queryRunner.query(`CREATE INDEX \`IDX_ac806506da7dfc8e4085fc608c\` ON \`cases\` (\`resolvedAt\`)`);
    await queryRunner.query(`CREATE INDEX \`IDX_4c55f948e1a820d2a07cdae384\` ON \`cases\` (\`closedAt\`)`);
    await queryRunner.query(`CREATE INDEX \`IDX_e6cf90dd48b61f5d42195ee996\` ON \`cases\` (\`deadline\`)`);
  }
}
