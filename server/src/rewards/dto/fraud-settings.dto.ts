import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** PUT /fraud-settings: any subset of the thresholds. */
export class FraudSettingsDto {
  @ApiPropertyOptional({ description: '红包过密：同一居民在时间窗内超过此数量即暂扣' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  rewardBurstMax?: number;
  @ApiPropertyOptional({ description: '红包过密：时间窗（分钟）' }) @IsOptional() @IsInt() @Min(1) @Max(10_080) rewardBurstMinutes?: number;
  @ApiPropertyOptional({ description: '同一手机号：超过此数量的居民账号即暂扣' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  sharedPhoneMaxAccounts?: number;
  @ApiPropertyOptional({ description: '同点多人：至少此数量的不同居民（含本人）' })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(100)
  spotClusterResidents?: number;
  @ApiPropertyOptional({ description: '同点多人：半径（米）' }) @IsOptional() @IsInt() @Min(5) @Max(5000) spotClusterRadiusM?: number;
  @ApiPropertyOptional({ description: '同点多人：时间窗（分钟）' }) @IsOptional() @IsInt() @Min(1) @Max(10_080) spotClusterMinutes?: number;
}
