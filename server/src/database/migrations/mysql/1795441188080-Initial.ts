import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795441188080 implements MigrationInterface {
  name = 'Initial1795441188080';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`users\` (\`id\` int NOT NULL AUTO_INCREMENT, \`kind\` varchar(16) NOT NULL, \`openid\` varchar(64) NULL, \`unionid\` varchar(64) NULL, \`sessionKey\` varchar(64) NULL, \`username\` varchar(64) NULL, \`passwordHash\` varchar(100) NULL, \`displayName\` varchar(64) NOT NULL, \`roles\` text NOT NULL, \`departmentId\` int NULL, \`phone\` varchar(20) NULL, \`active\` tinyint NOT NULL DEFAULT 1, \`deletedAt\` datetime(6) NULL, \`lastLoginAt\` datetime(6) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_9c98f005249412c8333a3b2c59\` (\`openid\`), UNIQUE INDEX \`IDX_fe0bb3f6520ee0469504521e71\` (\`username\`), INDEX \`IDX_554d853741f2083faaa5794d2a\` (\`departmentId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`photos\` (\`id\` int NOT NULL AUTO_INCREMENT, \`ownerUserId\` int NOT NULL, \`storageKey\` varchar(200) NOT NULL, \`thumbKey\` varchar(200) NOT NULL, \`mime\` varchar(32) NOT NULL, \`width\` int NOT NULL, \`height\` int NOT NULL, \`bytes\` int NOT NULL, \`sha256\` varchar(64) NOT NULL, \`phash\` varchar(16) NOT NULL, \`phashBlock0\` int NOT NULL, \`phashBlock1\` int NOT NULL, \`phashBlock2\` int NOT NULL, \`phashBlock3\` int NOT NULL, \`takenAt\` datetime(6) NULL, \`gpsLat\` double NULL, \`gpsLng\` double NULL, \`contentCheck\` varchar(16) NOT NULL DEFAULT 'pending', \`contentTraceId\` varchar(64) NULL, \`reportId\` int NULL, \`caseId\` int NULL, \`role\` varchar(16) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_53e230f14cc0d66cadfef4aef2\` (\`ownerUserId\`), INDEX \`IDX_669668a3f08b1f2a9fe10d5965\` (\`sha256\`), INDEX \`IDX_854d50cc4a5b5a920c535717db\` (\`phash\`), INDEX \`IDX_fe698ae913b573b4eb88ec4a61\` (\`phashBlock0\`), INDEX \`IDX_c95d71f085aae2c177ecc90f3f\` (\`phashBlock1\`), INDEX \`IDX_866b40c12a0b7b83872e83173f\` (\`phashBlock2\`), INDEX \`IDX_97fc219b8aab719ef29d45aada\` (\`phashBlock3\`), INDEX \`IDX_5e63da327a0b7e62cc4422a08c\` (\`contentTraceId\`), INDEX \`IDX_68c67dcb3f84eba322f59f5e76\` (\`reportId\`), INDEX \`IDX_9595eafb09bfd661c6642ae2d5\` (\`caseId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`routing_rules\` (\`id\` int NOT NULL AUTO_INCREMENT, \`categoryCode\` varchar(64) NULL, \`areaId\` int NULL, \`departmentId\` int NOT NULL, \`priority\` int NOT NULL DEFAULT '0', \`active\` tinyint NOT NULL DEFAULT 1, \`note\` varchar(200) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX \`IDX_5c60096c05a7b509597f5e09b4\` (\`departmentId\`), INDEX \`IDX_c242039f1fdfbc06e8cfc5478b\` (\`areaId\`, \`categoryCode\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`reward_decisions\` (\`id\` int NOT NULL AUTO_INCREMENT, \`reportId\` int NOT NULL, \`caseId\` int NOT NULL, \`userId\` int NOT NULL, \`campaignId\` int NULL, \`granted\` tinyint NOT NULL, \`reason\` varchar(32) NOT NULL, \`amountFen\` bigint NOT NULL DEFAULT '0', \`detail\` text NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_9604367644bdc3f9377700615b\` (\`reportId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`rewards\` (\`id\` int NOT NULL AUTO_INCREMENT, \`reportId\` int NOT NULL, \`caseId\` int NOT NULL, \`userId\` int NOT NULL, \`campaignId\` int NOT NULL, \`categoryCode\` varchar(64) NOT NULL, \`amountFen\` bigint NOT NULL DEFAULT '0', \`status\` varchar(16) NOT NULL, \`basis\` varchar(16) NOT NULL DEFAULT 'primary', \`holdReasons\` text NULL, \`reviewNote\` text NULL, \`batchId\` int NULL, \`attempt\` int NOT NULL DEFAULT '0', \`outBillNo\` varchar(32) NULL, \`billState\` varchar(24) NULL, \`transferBillNo\` varchar(64) NULL, \`packageInfo\` text NULL, \`billParams\` text NULL, \`failReason\` varchar(64) NULL, \`billCreatedAt\` datetime(6) NULL, \`paidAt\` datetime(6) NULL, \`version\` int NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_71b955e35d8511650c60cbdab3\` (\`reportId\`), INDEX \`IDX_b469f585c9409102c5110dc52a\` (\`caseId\`), INDEX \`IDX_f80c5bbdaeb300fd6bd20a6d03\` (\`batchId\`), UNIQUE INDEX \`IDX_007d589151da4de69f58bb0e06\` (\`outBillNo\`), INDEX \`IDX_27f640f71b8cd5d94a18f43c86\` (\`campaignId\`, \`status\`), INDEX \`IDX_ce84897838b4ed8b7de3c98f52\` (\`userId\`, \`createdAt\`), INDEX \`IDX_d6a0c4a2f19afee00fb2aa91cf\` (\`status\`, \`updatedAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`campaigns\` (\`id\` int NOT NULL AUTO_INCREMENT, \`name\` varchar(64) NOT NULL, \`startsAt\` datetime(6) NOT NULL, \`endsAt\` datetime(6) NOT NULL, \`budgetFen\` bigint NOT NULL DEFAULT '0', \`reservedFen\` bigint NOT NULL DEFAULT '0', \`dailyCountCap\` int NULL, \`dailyAmountCapFen\` bigint NULL, \`monthlyCountCap\` int NULL, \`monthlyAmountCapFen\` bigint NULL, \`categoryAmounts\` text NULL, \`snapTrigger\` varchar(16) NOT NULL DEFAULT 'accepted', \`mergedDuplicateFen\` bigint NOT NULL DEFAULT '0', \`approvalThresholdFen\` bigint NOT NULL DEFAULT '100000', \`active\` tinyint NOT NULL DEFAULT 1, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`reports\` (\`id\` int NOT NULL AUTO_INCREMENT, \`userId\` int NOT NULL, \`clientRequestId\` varchar(64) NOT NULL, \`kind\` varchar(16) NOT NULL, \`source\` varchar(16) NOT NULL, \`categoryCode\` varchar(64) NOT NULL, \`description\` text NULL, \`lat\` double NOT NULL, \`lng\` double NOT NULL, \`coordSystem\` varchar(8) NOT NULL DEFAULT 'gcj02', \`deviceLat\` double NULL, \`deviceLng\` double NULL, \`locationAccuracyM\` int NULL, \`caseId\` int NOT NULL, \`gridId\` int NULL, \`contentCheck\` varchar(16) NOT NULL DEFAULT 'pending', \`contactName\` varchar(100) NULL, \`contactPhone\` varchar(20) NULL, \`externalId\` varchar(64) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_e5e37e02fed27b7b0821af7168\` (\`caseId\`), INDEX \`IDX_2a7a1e3688508f18ee49dafa6b\` (\`externalId\`), INDEX \`IDX_5904ce413317ba0234b248ee0f\` (\`userId\`, \`createdAt\`), UNIQUE INDEX \`IDX_1392b619abdb30b0524813cfa8\` (\`userId\`, \`clientRequestId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`report_feedback\` (\`id\` int NOT NULL AUTO_INCREMENT, \`reportId\` int NOT NULL, \`caseId\` int NOT NULL, \`userId\` int NOT NULL, \`satisfied\` tinyint NOT NULL, \`comment\` text NULL, \`photoIds\` text NULL, \`reopenStatus\` varchar(16) NULL, \`decidedByUserId\` int NULL, \`decidedAt\` datetime(6) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_1205a3adf062473b94839320fe\` (\`reportId\`), INDEX \`IDX_e30016092db43b4aef2312f980\` (\`caseId\`), INDEX \`IDX_6ddf5c63d9a1e176d3119f91e6\` (\`createdAt\`), INDEX \`IDX_10086f7321adabafe0bf71dc4e\` (\`reopenStatus\`, \`createdAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`job_leases\` (\`name\` varchar(64) NOT NULL, \`owner\` varchar(100) NOT NULL, \`leaseUntil\` datetime(6) NOT NULL, PRIMARY KEY (\`name\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`payout_batches\` (\`id\` int NOT NULL AUTO_INCREMENT, \`status\` varchar(16) NOT NULL, \`totalFen\` bigint NOT NULL DEFAULT '0', \`rewardIds\` text NOT NULL, \`proposedBy\` int NOT NULL, \`approvalsRequired\` int NOT NULL DEFAULT '1', \`approvedAt\` datetime(6) NULL, \`version\` int NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`payout_batch_approvals\` (\`id\` int NOT NULL AUTO_INCREMENT, \`batchId\` int NOT NULL, \`userId\` int NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_c84406857e7bc9f2607b390a43\` (\`batchId\`, \`userId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`open311_clients\` (\`id\` int NOT NULL AUTO_INCREMENT, \`name\` varchar(100) NOT NULL, \`keyHash\` varchar(64) NOT NULL, \`active\` tinyint NOT NULL DEFAULT 1, \`userId\` int NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_ee7bc7d9cf5f3d85c992fd4baf\` (\`keyHash\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`subscription_grants\` (\`id\` int NOT NULL AUTO_INCREMENT, \`userId\` int NOT NULL, \`templateId\` varchar(64) NOT NULL, \`remaining\` int NOT NULL DEFAULT '0', \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_6d1b4d49bdb01fdb6cb4c830e5\` (\`userId\`, \`templateId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`staff_notices\` (\`id\` int NOT NULL AUTO_INCREMENT, \`userId\` int NULL, \`departmentId\` int NULL, \`kind\` varchar(32) NOT NULL, \`title\` varchar(100) NOT NULL, \`body\` text NOT NULL, \`caseId\` int NULL, \`readAt\` datetime(6) NULL, \`readByUserId\` int NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_271f1a343c1a6555b01c67ca96\` (\`caseId\`), INDEX \`IDX_ee0be77b6d08352896db0ba72b\` (\`departmentId\`, \`createdAt\`), INDEX \`IDX_527753bfdf82aafb34fe780a2b\` (\`userId\`, \`createdAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`outbox_messages\` (\`id\` int NOT NULL AUTO_INCREMENT, \`userId\` int NOT NULL, \`channel\` varchar(24) NOT NULL, \`templateKey\` varchar(32) NOT NULL, \`payload\` text NOT NULL, \`status\` varchar(16) NOT NULL DEFAULT 'pending', \`attempts\` int NOT NULL DEFAULT '0', \`lastError\` varchar(255) NULL, \`nextAttemptAt\` datetime(6) NOT NULL, \`lockedUntil\` datetime(6) NULL, \`lockedBy\` varchar(64) NULL, \`grantConsumedAt\` datetime(6) NULL, \`sentAt\` datetime(6) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_dae1cb350c1f0d451cc4d1ac9d\` (\`userId\`), INDEX \`IDX_9000793608d0e390a7ce08043f\` (\`status\`, \`nextAttemptAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`departments\` (\`id\` int NOT NULL AUTO_INCREMENT, \`code\` varchar(64) NOT NULL, \`name\` varchar(100) NOT NULL, \`type\` varchar(32) NOT NULL, \`areaId\` int NULL, \`contactPhone\` varchar(20) NULL, \`active\` tinyint NOT NULL DEFAULT 1, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_91fddbe23e927e1e525c152baa\` (\`code\`), INDEX \`IDX_1348f2044106b0ce8e91090ccf\` (\`type\`, \`areaId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`demo_marker\` (\`id\` int NOT NULL, \`status\` varchar(16) NOT NULL, \`startedAt\` datetime(6) NOT NULL, \`finishedAt\` datetime(6) NULL, PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`cases\` (\`id\` int NOT NULL AUTO_INCREMENT, \`status\` varchar(16) NOT NULL, \`kind\` varchar(16) NOT NULL, \`source\` varchar(16) NOT NULL, \`categoryCode\` varchar(64) NOT NULL, \`departmentId\` int NULL, \`gridId\` int NULL, \`handlerUserId\` int NULL, \`lat\` double NOT NULL, \`lng\` double NOT NULL, \`cellKey\` varchar(12) NOT NULL, \`description\` text NULL, \`primaryReportId\` int NOT NULL, \`masterCaseId\` int NULL, \`slaHours\` int NOT NULL, \`dispatchedAt\` datetime(6) NULL, \`deadline\` datetime(6) NULL, \`resolvedAt\` datetime(6) NULL, \`closedAt\` datetime(6) NULL, \`flagged\` tinyint NOT NULL DEFAULT 0, \`triage\` text NULL, \`version\` int NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX \`IDX_81514fc3e0d70d2337222dbbcb\` (\`masterCaseId\`), INDEX \`IDX_e6cf90dd48b61f5d42195ee996\` (\`deadline\`), INDEX \`IDX_2b94bea8695207a71451ae5503\` (\`handlerUserId\`, \`status\`), INDEX \`IDX_4c55f948e1a820d2a07cdae384\` (\`closedAt\`), INDEX \`IDX_ac806506da7dfc8e4085fc608c\` (\`resolvedAt\`), INDEX \`IDX_0b3fd47abb7d70943eecb9ec0a\` (\`createdAt\`), INDEX \`IDX_277b2e822670da076fb7f0f416\` (\`status\`, \`deadline\`, \`departmentId\`), INDEX \`IDX_4b3cfb9a40f7708c7f1c9529ba\` (\`gridId\`, \`categoryCode\`), INDEX \`IDX_4bd2d8863b2c063b25cc054e21\` (\`categoryCode\`, \`cellKey\`, \`createdAt\`), INDEX \`IDX_bd6c10f2246767eee669d7f7fe\` (\`departmentId\`, \`status\`), INDEX \`IDX_0122c28cf09b345c7fd4521095\` (\`status\`, \`updatedAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`ledger_entries\` (\`id\` int NOT NULL AUTO_INCREMENT, \`kind\` varchar(16) NOT NULL, \`rewardId\` int NULL, \`campaignId\` int NOT NULL, \`amountFen\` bigint NOT NULL DEFAULT '0', \`budgetRemainingFen\` bigint NOT NULL DEFAULT '0', \`outBillNo\` varchar(32) NULL, \`actorUserId\` int NULL, \`note\` text NULL, \`dedupeKey\` varchar(64) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_eb1b6d675a613b32c185992aaf\` (\`rewardId\`), UNIQUE INDEX \`IDX_77de49f19cefcab2c0b26b5755\` (\`dedupeKey\`), INDEX \`IDX_fc8bfc2ae78c996f4277b334f5\` (\`kind\`, \`createdAt\`), INDEX \`IDX_3af1e6a3ad002143c342aa9ab2\` (\`campaignId\`, \`createdAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`case_extensions\` (\`id\` int NOT NULL AUTO_INCREMENT, \`caseId\` int NOT NULL, \`hours\` int NOT NULL, \`reason\` varchar(500) NOT NULL, \`status\` varchar(16) NOT NULL, \`requestedBy\` int NOT NULL, \`decidedBy\` int NULL, \`decisionNote\` text NULL, \`decidedAt\` datetime(6) NULL, \`deadlineBefore\` datetime(6) NULL, \`deadlineAfter\` datetime(6) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_c5264061a89d3e9d132e6fb673\` (\`status\`, \`createdAt\`), INDEX \`IDX_5d1e5e79d2e13347e26ade8f83\` (\`caseId\`, \`status\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`case_events\` (\`id\` int NOT NULL AUTO_INCREMENT, \`caseId\` int NOT NULL, \`action\` varchar(32) NOT NULL, \`fromStatus\` varchar(16) NULL, \`toStatus\` varchar(16) NULL, \`actorUserId\` int NULL, \`actorRole\` varchar(16) NULL, \`note\` text NULL, \`photoIds\` text NULL, \`data\` text NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_37b460f237a34c142f82512505\` (\`action\`, \`createdAt\`), INDEX \`IDX_1684d9e119688eb16910178788\` (\`caseId\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`categories\` (\`code\` varchar(64) NOT NULL, \`name\` varchar(100) NOT NULL, \`hint\` varchar(200) NOT NULL DEFAULT '', \`defaultDepartmentType\` varchar(32) NOT NULL, \`slaHours\` int NOT NULL, \`rewardFen\` bigint NOT NULL DEFAULT '0', \`duplicateRadiusM\` int NOT NULL DEFAULT '50', \`duplicateWindowHours\` int NOT NULL DEFAULT '72', \`autoMerge\` tinyint NOT NULL DEFAULT 0, \`enabled\` tinyint NOT NULL DEFAULT 1, \`sortOrder\` int NOT NULL DEFAULT '0', \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), PRIMARY KEY (\`code\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`case_escalations\` (\`id\` int NOT NULL AUTO_INCREMENT, \`caseId\` int NOT NULL, \`step\` varchar(16) NOT NULL, \`deadlineAt\` datetime(6) NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_86a95d7dfb66e920c48ec5fcba\` (\`step\`, \`createdAt\`), UNIQUE INDEX \`IDX_c141ead7e71d67974c0f822272\` (\`caseId\`, \`step\`, \`deadlineAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`audit_log\` (\`id\` int NOT NULL AUTO_INCREMENT, \`at\` datetime(6) NOT NULL, \`actorUserId\` int NULL, \`actorName\` varchar(64) NULL, \`action\` varchar(64) NOT NULL, \`targetType\` varchar(32) NULL, \`targetId\` varchar(64) NULL, \`data\` text NULL, \`prevHash\` varchar(64) NOT NULL, \`hash\` varchar(64) NOT NULL, INDEX \`IDX_b2a2e69f0abb8e3c1293fea255\` (\`actorUserId\`), INDEX \`IDX_8ae954f53cbae392e68fe3181e\` (\`targetType\`), UNIQUE INDEX \`IDX_8720a34a7f1ebda6f2b3b29f7e\` (\`hash\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`audit_chain_head\` (\`id\` int NOT NULL, \`lastId\` int NOT NULL DEFAULT '0', \`hash\` varchar(64) NOT NULL, PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`responsibility_zones\` (\`id\` int NOT NULL AUTO_INCREMENT, \`name\` varchar(100) NOT NULL, \`departmentId\` int NOT NULL, \`geometry\` text NOT NULL, \`sourceLine\` text NULL, \`bufferM\` int NULL, \`categoryCodes\` text NULL, \`minLat\` double NOT NULL, \`minLng\` double NOT NULL, \`maxLat\` double NOT NULL, \`maxLng\` double NOT NULL, \`active\` tinyint NOT NULL DEFAULT 1, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX \`IDX_3d8ef66898d93142ab973c4235\` (\`departmentId\`), INDEX \`IDX_8785ee2c16b13fa49f229d4321\` (\`minLat\`, \`maxLat\`, \`minLng\`, \`maxLng\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`areas\` (\`id\` int NOT NULL AUTO_INCREMENT, \`code\` varchar(64) NOT NULL, \`name\` varchar(100) NOT NULL, \`level\` varchar(16) NOT NULL, \`parentId\` int NULL, \`geometry\` text NULL, \`minLat\` double NULL, \`minLng\` double NULL, \`maxLat\` double NULL, \`maxLng\` double NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_1ce4e4f7cd8d820081bc74aa16\` (\`code\`), INDEX \`IDX_9bf50a18e0290c26f42fadecc2\` (\`parentId\`), INDEX \`IDX_5c94211aa52cbf16d04dfb86b9\` (\`level\`, \`minLat\`, \`maxLat\`, \`minLng\`, \`maxLng\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`media_check_verdicts\` (\`traceId\` varchar(64) NOT NULL, \`suggest\` varchar(16) NOT NULL, \`label\` int NULL, \`detail\` text NULL, \`photoId\` int NULL, \`appliedAt\` datetime(6) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), PRIMARY KEY (\`traceId\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`media_check_verdicts\``);
    await queryRunner.query(`DROP INDEX \`IDX_5c94211aa52cbf16d04dfb86b9\` ON \`areas\``);
    await queryRunner.query(`DROP INDEX \`IDX_9bf50a18e0290c26f42fadecc2\` ON \`areas\``);
    await queryRunner.query(`DROP INDEX \`IDX_1ce4e4f7cd8d820081bc74aa16\` ON \`areas\``);
    await queryRunner.query(`DROP TABLE \`areas\``);
    await queryRunner.query(`DROP INDEX \`IDX_8785ee2c16b13fa49f229d4321\` ON \`responsibility_zones\``);
    await queryRunner.query(`DROP INDEX \`IDX_3d8ef66898d93142ab973c4235\` ON \`responsibility_zones\``);
    await queryRunner.query(`DROP TABLE \`responsibility_zones\``);
    await queryRunner.query(`DROP TABLE \`audit_chain_head\``);
    await queryRunner.query(`DROP INDEX \`IDX_8720a34a7f1ebda6f2b3b29f7e\` ON \`audit_log\``);
    await queryRunner.query(`DROP INDEX \`IDX_8ae954f53cbae392e68fe3181e\` ON \`audit_log\``);
    await queryRunner.query(`DROP INDEX \`IDX_b2a2e69f0abb8e3c1293fea255\` ON \`audit_log\``);
    await queryRunner.query(`DROP TABLE \`audit_log\``);
    await queryRunner.query(`DROP INDEX \`IDX_c141ead7e71d67974c0f822272\` ON \`case_escalations\``);
    await queryRunner.query(`DROP INDEX \`IDX_86a95d7dfb66e920c48ec5fcba\` ON \`case_escalations\``);
    await queryRunner.query(`DROP TABLE \`case_escalations\``);
    await queryRunner.query(`DROP TABLE \`categories\``);
    await queryRunner.query(`DROP INDEX \`IDX_1684d9e119688eb16910178788\` ON \`case_events\``);
    await queryRunner.query(`DROP INDEX \`IDX_37b460f237a34c142f82512505\` ON \`case_events\``);
    await queryRunner.query(`DROP TABLE \`case_events\``);
    await queryRunner.query(`DROP INDEX \`IDX_5d1e5e79d2e13347e26ade8f83\` ON \`case_extensions\``);
    await queryRunner.query(`DROP INDEX \`IDX_c5264061a89d3e9d132e6fb673\` ON \`case_extensions\``);
    await queryRunner.query(`DROP TABLE \`case_extensions\``);
    await queryRunner.query(`DROP INDEX \`IDX_3af1e6a3ad002143c342aa9ab2\` ON \`ledger_entries\``);
    await queryRunner.query(`DROP INDEX \`IDX_fc8bfc2ae78c996f4277b334f5\` ON \`ledger_entries\``);
    await queryRunner.query(`DROP INDEX \`IDX_77de49f19cefcab2c0b26b5755\` ON \`ledger_entries\``);
    await queryRunner.query(`DROP INDEX \`IDX_eb1b6d675a613b32c185992aaf\` ON \`ledger_entries\``);
    await queryRunner.query(`DROP TABLE \`ledger_entries\``);
    await queryRunner.query(`DROP INDEX \`IDX_0122c28cf09b345c7fd4521095\` ON \`cases\``);
    await queryRunner.query(`DROP INDEX \`IDX_bd6c10f2246767eee669d7f7fe\` ON \`cases\``);
    await queryRunner.query(`DROP INDEX \`IDX_4bd2d8863b2c063b25cc054e21\` ON \`cases\``);
    await queryRunner.query(`DROP INDEX \`IDX_4b3cfb9a40f7708c7f1c9529ba\` ON \`cases\``);
    await queryRunner.query(`DROP INDEX \`IDX_277b2e822670da076fb7f0f416\` ON \`cases\``);
    await queryRunner.query(`DROP INDEX \`IDX_0b3fd47abb7d70943eecb9ec0a\` ON \`cases\``);
    await queryRunner.query(`DROP INDEX \`IDX_ac806506da7dfc8e4085fc608c\` ON \`cases\``);
    await queryRunner.query(`DROP INDEX \`IDX_4c55f948e1a820d2a07cdae384\` ON \`cases\``);
    await queryRunner.query(`DROP INDEX \`IDX_2b94bea8695207a71451ae5503\` ON \`cases\``);
    await queryRunner.query(`DROP INDEX \`IDX_e6cf90dd48b61f5d42195ee996\` ON \`cases\``);
    await queryRunner.query(`DROP INDEX \`IDX_81514fc3e0d70d2337222dbbcb\` ON \`cases\``);
    await queryRunner.query(`DROP TABLE \`cases\``);
    await queryRunner.query(`DROP TABLE \`demo_marker\``);
    await queryRunner.query(`DROP INDEX \`IDX_1348f2044106b0ce8e91090ccf\` ON \`departments\``);
    await queryRunner.query(`DROP INDEX \`IDX_91fddbe23e927e1e525c152baa\` ON \`departments\``);
    await queryRunner.query(`DROP TABLE \`departments\``);
    await queryRunner.query(`DROP INDEX \`IDX_9000793608d0e390a7ce08043f\` ON \`outbox_messages\``);
    await queryRunner.query(`DROP INDEX \`IDX_dae1cb350c1f0d451cc4d1ac9d\` ON \`outbox_messages\``);
    await queryRunner.query(`DROP TABLE \`outbox_messages\``);
    await queryRunner.query(`DROP INDEX \`IDX_527753bfdf82aafb34fe780a2b\` ON \`staff_notices\``);
    await queryRunner.query(`DROP INDEX \`IDX_ee0be77b6d08352896db0ba72b\` ON \`staff_notices\``);
    await queryRunner.query(`DROP INDEX \`IDX_271f1a343c1a6555b01c67ca96\` ON \`staff_notices\``);
    await queryRunner.query(`DROP TABLE \`staff_notices\``);
    await queryRunner.query(`DROP INDEX \`IDX_6d1b4d49bdb01fdb6cb4c830e5\` ON \`subscription_grants\``);
    await queryRunner.query(`DROP TABLE \`subscription_grants\``);
    await queryRunner.query(`DROP INDEX \`IDX_ee7bc7d9cf5f3d85c992fd4baf\` ON \`open311_clients\``);
    await queryRunner.query(`DROP TABLE \`open311_clients\``);
    await queryRunner.query(`DROP INDEX \`IDX_c84406857e7bc9f2607b390a43\` ON \`payout_batch_approvals\``);
    await queryRunner.query(`DROP TABLE \`payout_batch_approvals\``);
    await queryRunner.query(`DROP TABLE \`payout_batches\``);
    await queryRunner.query(`DROP TABLE \`job_leases\``);
    await queryRunner.query(`DROP INDEX \`IDX_10086f7321adabafe0bf71dc4e\` ON \`report_feedback\``);
    await queryRunner.query(`DROP INDEX \`IDX_6ddf5c63d9a1e176d3119f91e6\` ON \`report_feedback\``);
    await queryRunner.query(`DROP INDEX \`IDX_e30016092db43b4aef2312f980\` ON \`report_feedback\``);
    await queryRunner.query(`DROP INDEX \`IDX_1205a3adf062473b94839320fe\` ON \`report_feedback\``);
    await queryRunner.query(`DROP TABLE \`report_feedback\``);
    await queryRunner.query(`DROP INDEX \`IDX_1392b619abdb30b0524813cfa8\` ON \`reports\``);
    await queryRunner.query(`DROP INDEX \`IDX_5904ce413317ba0234b248ee0f\` ON \`reports\``);
    await queryRunner.query(`DROP INDEX \`IDX_2a7a1e3688508f18ee49dafa6b\` ON \`reports\``);
    await queryRunner.query(`DROP INDEX \`IDX_e5e37e02fed27b7b0821af7168\` ON \`reports\``);
    await queryRunner.query(`DROP TABLE \`reports\``);
    await queryRunner.query(`DROP TABLE \`campaigns\``);
    await queryRunner.query(`DROP INDEX \`IDX_d6a0c4a2f19afee00fb2aa91cf\` ON \`rewards\``);
    await queryRunner.query(`DROP INDEX \`IDX_ce84897838b4ed8b7de3c98f52\` ON \`rewards\``);
    await queryRunner.query(`DROP INDEX \`IDX_27f640f71b8cd5d94a18f43c86\` ON \`rewards\``);
    await queryRunner.query(`DROP INDEX \`IDX_007d589151da4de69f58bb0e06\` ON \`rewards\``);
    await queryRunner.query(`DROP INDEX \`IDX_f80c5bbdaeb300fd6bd20a6d03\` ON \`rewards\``);
    await queryRunner.query(`DROP INDEX \`IDX_b469f585c9409102c5110dc52a\` ON \`rewards\``);
    await queryRunner.query(`DROP INDEX \`IDX_71b955e35d8511650c60cbdab3\` ON \`rewards\``);
    await queryRunner.query(`DROP TABLE \`rewards\``);
    await queryRunner.query(`DROP INDEX \`IDX_9604367644bdc3f9377700615b\` ON \`reward_decisions\``);
    await queryRunner.query(`DROP TABLE \`reward_decisions\``);
    await queryRunner.query(`DROP INDEX \`IDX_c242039f1fdfbc06e8cfc5478b\` ON \`routing_rules\``);
    await queryRunner.query(`DROP INDEX \`IDX_5c60096c05a7b509597f5e09b4\` ON \`routing_rules\``);
    await queryRunner.query(`DROP TABLE \`routing_rules\``);
    await queryRunner.query(`DROP INDEX \`IDX_9595eafb09bfd661c6642ae2d5\` ON \`photos\``);
    await queryRunner.query(`DROP INDEX \`IDX_68c67dcb3f84eba322f59f5e76\` ON \`photos\``);
    await queryRunner.query(`DROP INDEX \`IDX_5e63da327a0b7e62cc4422a08c\` ON \`photos\``);
    await queryRunner.query(`DROP INDEX \`IDX_97fc219b8aab719ef29d45aada\` ON \`photos\``);
    await queryRunner.query(`DROP INDEX \`IDX_866b40c12a0b7b83872e83173f\` ON \`photos\``);
    await queryRunner.query(`DROP INDEX \`IDX_c95d71f085aae2c177ecc90f3f\` ON \`photos\``);
    await queryRunner.query(`DROP INDEX \`IDX_fe698ae913b573b4eb88ec4a61\` ON \`photos\``);
    await queryRunner.query(`DROP INDEX \`IDX_854d50cc4a5b5a920c535717db\` ON \`photos\``);
    await queryRunner.query(`DROP INDEX \`IDX_669668a3f08b1f2a9fe10d5965\` ON \`photos\``);
    await queryRunner.query(`DROP INDEX \`IDX_53e230f14cc0d66cadfef4aef2\` ON \`photos\``);
    await queryRunner.query(`DROP TABLE \`photos\``);
    await queryRunner.query(`DROP INDEX \`IDX_554d853741f2083faaa5794d2a\` ON \`users\``);
    await queryRunner.query(`DROP INDEX \`IDX_fe0bb3f6520ee0469504521e71\` ON \`users\``);
    await queryRunner.query(`DROP INDEX \`IDX_9c98f005249412c8333a3b2c59\` ON \`users\``);
    await queryRunner.query(`DROP TABLE \`users\``);
  }
}
