import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsIn, IsInt, IsObject, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';

export class CreateCampaignDto {
  @ApiProperty({ example: '2026 年三随红包活动' }) @IsString() @MinLength(1) @MaxLength(32) name: string;
  @ApiProperty() @Type(() => Date) @IsDate() startsAt: Date;
  @ApiProperty() @Type(() => Date) @IsDate() endsAt: Date;
  @ApiProperty({ description: '总预算（分）' }) @IsInt() @Min(0) budgetFen: number;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() @Min(0) dailyCountCap?: number | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() @Min(0) dailyAmountCapFen?: number | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() @Min(0) monthlyCountCap?: number | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() @Min(0) monthlyAmountCapFen?: number | null;
  @ApiPropertyOptional({ description: '分类编码 → 金额（分），覆盖分类默认金额' }) @IsOptional() @IsObject() categoryAmounts?: Record<
    string,
    number
  > | null;
  @ApiPropertyOptional({ enum: ['accepted', 'closed'] }) @IsOptional() @IsIn(['accepted', 'closed']) snapTrigger?: 'accepted' | 'closed';
  @ApiPropertyOptional({ description: '合并重复上报的金额（分），默认 0' }) @IsOptional() @IsInt() @Min(0) mergedDuplicateFen?: number;
  @ApiPropertyOptional({ description: '批次总额超过此值需两人审批（分）' }) @IsOptional() @IsInt() @Min(0) approvalThresholdFen?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class UpdateCampaignDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(32) name?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Date) @IsDate() startsAt?: Date;
  @ApiPropertyOptional() @IsOptional() @Type(() => Date) @IsDate() endsAt?: Date;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) budgetFen?: number;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() @Min(0) dailyCountCap?: number | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() @Min(0) dailyAmountCapFen?: number | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() @Min(0) monthlyCountCap?: number | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() @Min(0) monthlyAmountCapFen?: number | null;
  @ApiPropertyOptional() @IsOptional() @IsObject() categoryAmounts?: Record<string, number> | null;
  @ApiPropertyOptional({ enum: ['accepted', 'closed'] }) @IsOptional() @IsIn(['accepted', 'closed']) snapTrigger?: 'accepted' | 'closed';
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) mergedDuplicateFen?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) approvalThresholdFen?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}
