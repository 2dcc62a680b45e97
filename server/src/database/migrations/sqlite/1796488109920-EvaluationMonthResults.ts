import { MigrationInterface, QueryRunner } from 'typeorm';

export class EvaluationMonthResults1796488109920 implements MigrationInterface {
  name = 'EvaluationMonthResults1796488109920';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "evaluation_month_results" ("month" varchar(7) NOT NULL, "scope" integer NOT NULL, "result" text NOT NULL, "publishedAt" datetime(6) NOT NULL, "publishedByUserId" integer NOT NULL, PRIMARY KEY ("month", "scope"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "evaluation_month_results"`);
  }
}
