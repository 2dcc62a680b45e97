import { ApiPropertyOptional } from '@nestjs/swagger';
import { LEDGER_KINDS, type LedgerKind, type PayoutLineFilter, type ProposeBatchRequest } from '@sansui/shared';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDate, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The auditor's narrowing of payout lines; used in query strings (hence the number conversions) and in bodies. */
export class PayoutLineFilterDto implements PayoutLineFilter {
  @ApiPropertyOptional({ description: '责任部门（案卷的处置部门）' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  departmentId?: number;
  @ApiPropertyOptional({ description: '分类编码' }) @IsOptional() @IsString() @MaxLength(64) categoryCode?: string;
  @ApiPropertyOptional({ description: '最低金额（分）' }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) minFen?: number;
  @ApiPropertyOptional({ description: '最高金额（分）' }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) maxFen?: number;
  @ApiPropertyOptional({ description: '异常信号编码（如 REWARD_BURST）；any = 有任一信号，none = 无信号' })
  @IsOptional()
  @Matches(/^([A-Z][A-Z_]{0,39}|any|none)$/)
  signal?: string;
  @ApiPropertyOptional({ description: '上报人姓名的一部分，或完整 openid' }) @IsOptional() @IsString() @MaxLength(64) reporter?: string;
  @ApiPropertyOptional({ description: '获得红包的起始日（含，北京时间 YYYY-MM-DD）' })
  @IsOptional()
  @Matches(DAY, { message: '日期格式应为 YYYY-MM-DD' })
  from?: string;
  @ApiPropertyOptional({ description: '获得红包的截止日（含，北京时间 YYYY-MM-DD）' })
  @IsOptional()
  @Matches(DAY, { message: '日期格式应为 YYYY-MM-DD' })
  to?: string;
}

export class PayoutLinesQueryDto extends PayoutLineFilterDto {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}

export class ProposeBatchDto extends PayoutLineFilterDto implements ProposeBatchRequest {
  @ApiPropertyOptional({ type: [Number], description: '指定红包；不填则提交符合筛选条件的全部待发放红包' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  rewardIds?: number[];
  @ApiPropertyOptional({ description: '提交人确认时看到的笔数；与当前不符则拒绝（BATCH_SELECTION_CHANGED）' })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedCount?: number;
  @ApiPropertyOptional({ description: '提交人确认时看到的总金额（分）；与当前不符则拒绝' })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedTotalFen?: number;
}

export class PageQuery {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) pageSize?: number;
}

export class LedgerQuery extends PageQuery {
  @ApiPropertyOptional({ enum: LEDGER_KINDS }) @IsOptional() @IsIn(LEDGER_KINDS as unknown as string[]) kind?: LedgerKind;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) campaignId?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) rewardId?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Date) @IsDate() from?: Date;
  @ApiPropertyOptional() @IsOptional() @Type(() => Date) @IsDate() to?: Date;
}

export class ReconciliationQuery {
  @ApiPropertyOptional({ description: '日期 YYYY-MM-DD（北京时间），默认今天' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  date?: string;
}
