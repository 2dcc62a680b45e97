import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class NearbyQueryDto {
  @ApiProperty() @Type(() => Number) @IsNumber() @Min(-90) @Max(90) lat: number;
  @ApiProperty() @Type(() => Number) @IsNumber() @Min(-180) @Max(180) lng: number;
  @ApiPropertyOptional({ default: 1000, maximum: 5000, description: '半径（米）' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(5000)
  radiusM?: number;
  @ApiPropertyOptional({ description: '只要仍在处理中的（可以点“我也遇到”的）' })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  openOnly?: boolean;
  @ApiPropertyOptional({ description: '这个分类排在前面（同类问题优先）' }) @IsOptional() @IsString() @MaxLength(64) categoryCode?: string;
}
