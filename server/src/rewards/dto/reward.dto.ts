import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REWARD_STATUSES, type RewardStatus } from '@sansui/shared';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export class RewardReviewDto {
  @ApiProperty({ description: '审核意见' }) @IsString() @MinLength(1) @MaxLength(500) note: string;
}

export class RewardListQuery {
  @ApiPropertyOptional({ enum: REWARD_STATUSES }) @IsOptional() @IsIn(REWARD_STATUSES as unknown as string[]) status?: RewardStatus;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) userId?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) categoryCode?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) batchId?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Date) @IsDate() from?: Date;
  @ApiPropertyOptional() @IsOptional() @Type(() => Date) @IsDate() to?: Date;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) pageSize?: number;
}
