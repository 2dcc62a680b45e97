/**
 * Database commands, run on the built server (`node dist/database/cli.js <command>`):
 *   migrate              run pending migrations on the configured database (DATABASE_URL or the SQLite file)
 *   generate <Name>      write a migration for each driver (MySQL needs GENERATE_MYSQL_URL: an empty scratch
 *                        database) from the difference between the entities and the existing migrations
 *   check                exit 1 when the entities differ from what the migrations create (drift); on MySQL it
 *                        migrates a scratch database created next to the configured one, then drops it
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { buildConfig } from '../config/app-config';
import { databaseOptions } from './database-options';
import { runMigrationsLocked } from './run-migrations';
import { createScratchMysqlDatabase } from './scratch-mysql';

type Db = { type: 'mysql'; url: string } | { type: 'sqlite'; path: string };

async function open(db: Db): Promise<DataSource> {
  const ds = new DataSource({ ...databaseOptions(db), logging: ['error'] });
  return ds.initialize();
}

/** SQL that would bring the database (after running the migrations) in line with the entities. */
export async function pendingSchemaChanges(db: Db): Promise<{ up: string[]; down: string[] }> {
  const ds = await open(db);
  try {
    await ds.runMigrations({ transaction: 'each' });
    const sql = await ds.driver.createSchemaBuilder().log();
    return { up: sql.upQueries.map((q) => q.query), down: sql.downQueries.map((q) => q.query).reverse() };
  } finally {
    await ds.destroy();
  }
}

/**
 * Runs `fn` on a new empty database next to the one in `url` (same server and user, name `<db>_chk_<random>`),
 * dropped afterwards: the drift check never touches the configured database.
 */
async function withScratchMysql<T>(url: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const base = decodeURIComponent(new URL(url).pathname.slice(1)) || 'sansui';
  const scratch = await createScratchMysqlDatabase(url, `${base}_chk_${randomBytes(4).toString('hex')}`);
  try {
    return await fn({ type: 'mysql', url: scratch.url });
  } finally {
    await scratch.drop();
  }
}

function scratchSqlite(): Db {
  return { type: 'sqlite', path: join(mkdtempSync(join(tmpdir(), 'sansui-gen-')), 'gen.sqlite') };
}

function migrationSource(className: string, up: string[], down: string[]): string {
  const q = (s: string) => '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up.map((s) => `    await queryRunner.query(${q(s)});`).join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${down.map((s) => `    await queryRunner.query(${q(s)});`).join('\n')}
  }
}
`;
}

async function generate(name: string): Promise<void> {
  if (!/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('usage: generate <PascalCaseName>');
  const mysqlUrl = process.env.GENERATE_MYSQL_URL;
  if (!mysqlUrl)
    throw new Error('GENERATE_MYSQL_URL (an empty scratch MySQL/MariaDB database) is required to generate the MySQL migration');
  const stamp = Date.now();
  const srcDir = resolve(__dirname, '..', '..', 'src', 'database', 'migrations');
  for (const db of [scratchSqlite(), { type: 'mysql', url: mysqlUrl } as Db]) {
    const { up, down } = await pendingSchemaChanges(db);
    if (up.length === 0) {
      console.log(`${db.type}: no changes`);
      continue;
    }
    const className = `${name}${stamp}`;
    const file = join(srcDir, db.type, `${stamp}-${name}.ts`);
    writeFileSync(file, migrationSource(className, up, down));
    console.log(`${db.type}: wrote ${file} (${up.length} statements)`);
  }
}

async function main(): Promise<void> {
  const [command, arg] = process.argv.slice(2);
  const config = buildConfig(process.env);
  switch (command) {
    case 'migrate': {
      const ds = await open(config.database);
      const before = (await ds.query('SELECT COUNT(*) AS n FROM migrations').catch(() => [{ n: 0 }])) as { n: number | string }[];
      await runMigrationsLocked(ds);
      const after = (await ds.query('SELECT COUNT(*) AS n FROM migrations')) as { n: number | string }[];
      console.log(`${config.database.type}: ${Number(after[0].n) - Number(before[0].n)} migration(s) run`);
      await ds.destroy();
      return;
    }
    case 'check': {
      const { up } =
        config.database.type === 'mysql'
          ? await withScratchMysql(config.database.url, (db) => pendingSchemaChanges(db))
          : await pendingSchemaChanges(scratchSqlite());
      if (up.length) {
        console.error(`Entities and migrations differ (${config.database.type}); run generate:\n${up.join(';\n')}`);
        process.exit(1);
      }
      console.log(`${config.database.type}: migrations match the entities`);
      return;
    }
    case 'generate':
      return generate(arg ?? '');
    default:
      console.error('usage: cli.js migrate | check | generate <Name>');
      process.exit(2);
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
