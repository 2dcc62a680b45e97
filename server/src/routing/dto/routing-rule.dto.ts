import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class CreateRoutingRuleDto {
  @ApiPropertyOptional({ nullable: true, description: '分类编码；不填表示所有分类' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  categoryCode?: string | null;

  @ApiPropertyOptional({ nullable: true, description: '区域 id（区、街道、社区或网格）；不填表示全市' })
  @IsOptional()
  @IsInt()
  @Min(1)
  areaId?: number | null;

  @ApiProperty({ description: '派遣至的部门 id' })
  @IsInt()
  @Min(1)
  departmentId: number;

  @ApiPropertyOptional({ description: '同一区域内的优先级，大的优先', default: 0 })
  @IsOptional()
  @IsInt()
  @Min(-1000)
  @Max(1000)
  priority?: number;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string | null;
}

export class UpdateRoutingRuleDto {
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  categoryCode?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  areaId?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  departmentId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(-1000)
  @Max(1000)
  priority?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string | null;
}

export class SuggestQuery {
  @ApiProperty()
  @IsString()
  @MaxLength(64)
  categoryCode: string;

  @ApiProperty({ description: '纬度（GCJ-02）' })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  lat: number;

  @ApiProperty({ description: '经度（GCJ-02）' })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  lng: number;
}
