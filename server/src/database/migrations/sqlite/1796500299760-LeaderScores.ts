import { MigrationInterface, QueryRunner } from 'typeorm';

export class LeaderScores1796500299760 implements MigrationInterface {
  name = 'LeaderScores1796500299760';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "evaluation_leader_scores" ("quarter" varchar(7) NOT NULL, "areaId" integer NOT NULL, "score" double NOT NULL, "note" varchar(200), "enteredByUserId" integer NOT NULL, "updatedAt" datetime(6) NOT NULL DEFAULT (datetime('now')), PRIMARY KEY ("quarter", "areaId"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "evaluation_leader_scores"`);
  }
}
