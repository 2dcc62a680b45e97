import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The duplicate finder's nearby read of a box (cases/case-reads.ts `openNear`): a category's cases of a geohash cell
 * by latitude, longitude and creation time, so a crowded spot's read steps only the box's entries. No column changes.
 */
export class CasesNearBox1796670000000 implements MigrationInterface {
  name = 'CasesNearBox1796670000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX \`IDX_cases_near_box\` ON \`cases\` (\`categoryCode\`, \`cellKey\`, \`lat\`, \`lng\`, \`createdAt\`)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_cases_near_box\` ON \`cases\``);
  }
}
