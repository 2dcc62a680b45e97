import { ApiPropertyOptional } from '@nestjs/swagger';
import { LEDGER_KINDS, type LedgerKind, type ProposeBatchRequest } from '@sansui/shared';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDate, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class ProposeBatchDto implements ProposeBatchRequest {
  @ApiPropertyOptional({ type: [Number], description: '不填则提交全部待发放红包' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  rewardIds?: number[];
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
