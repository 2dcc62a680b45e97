import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables whose rows the answers kept across requests read (AnswerCache: my reports, the staff case lists). */
const READ_TABLES = ['cases', 'reports', 'photos', 'case_extensions', 'users', 'departments', 'categories'];
const EVENTS = { ins: 'INSERT', upd: 'UPDATE', del: 'DELETE' };
/** Each writing connection bumps its own row: concurrent writers rarely wait on one. */
const SHARDS = 64;

/**
 * The data version of MariaDB (DataVersion): every row written to a table a kept answer reads bumps one row of
 * `read_versions` in the same transaction, so the sum moves with every commit that wrote one, from any instance,
 * through any path.
 */
export class ReadVersions1796604596404 implements MigrationInterface {
  name = 'ReadVersions1796604596404';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`read_versions\` (\`shard\` int NOT NULL, \`n\` bigint NOT NULL DEFAULT 0, PRIMARY KEY (\`shard\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `INSERT INTO \`read_versions\` (\`shard\`) VALUES ${Array.from({ length: SHARDS }, (_, i) => `(${i})`).join(', ')}`,
    );
    for (const table of READ_TABLES)
      for (const [suffix, event] of Object.entries(EVENTS))
        await queryRunner.query(
          `CREATE TRIGGER read_version_${table}_${suffix} AFTER ${event} ON \`${table}\` FOR EACH ROW UPDATE read_versions SET n = n + 1 WHERE shard = CONNECTION_ID() % ${SHARDS}`,
        );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of READ_TABLES)
      for (const suffix of Object.keys(EVENTS)) await queryRunner.query(`DROP TRIGGER read_version_${table}_${suffix}`);
    await queryRunner.query(`DROP TABLE \`read_versions\``);
  }
}
