import { MigrationInterface, QueryRunner } from 'typeorm';

export class FeedbackCommentCheck1796512637514 implements MigrationInterface {
  name = 'FeedbackCommentCheck1796512637514';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`report_feedback\` ADD \`commentCheck\` varchar(16) NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`report_feedback\` DROP COLUMN \`commentCheck\``);
  }
}
