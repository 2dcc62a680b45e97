import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AREA_LEVELS, type AreaLevel } from '@sansui/shared';
import { Transform } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

const CODE = /^[\p{L}\p{N}_.:-]{1,64}$/u;

export class CreateAreaDto {
  @ApiProperty({ description: '区域编码（唯一，稳定标识）', example: 'xh-bs-sg-01' })
  @IsString()
  @Matches(CODE, { message: '区域编码只能包含字母、数字、_ . : -，不超过 64 个字符' })
  code: string;

  @ApiProperty({ example: '曙光社区第1网格' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: AREA_LEVELS })
  @IsIn(AREA_LEVELS)
  level: AreaLevel;

  @ApiPropertyOptional({ nullable: true, description: '上级区域 id；区没有上级' })
  @IsOptional()
  @IsInt()
  @Min(1)
  parentId?: number | null;

  @ApiPropertyOptional({ description: 'GeoJSON Polygon / MultiPolygon（GCJ-02）；网格必填', type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  geometry?: Record<string, unknown> | null;
}

export class UpdateAreaDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(CODE, { message: '区域编码只能包含字母、数字、_ . : -，不超过 64 个字符' })
  code?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  parentId?: number | null;

  @ApiPropertyOptional({ nullable: true, type: 'object', additionalProperties: true, description: 'null 表示清除边界（网格不允许）' })
  @IsOptional()
  @IsObject()
  geometry?: Record<string, unknown> | null;
}

/** A GeoJSON FeatureCollection; features are checked one by one by the import service. */
export class AreaImportDto {
  @ApiProperty({ enum: ['FeatureCollection'] })
  @IsIn(['FeatureCollection'], { message: '请上传 GeoJSON FeatureCollection' })
  type: 'FeatureCollection';

  @ApiProperty({
    description: '每个要素一个区域：properties {code, name, parentCode, level?（默认 grid）}，geometry 为 Polygon / MultiPolygon',
    type: 'array',
    items: { type: 'object' },
  })
  @IsArray()
  @ArrayMaxSize(20000)
  features: unknown[];

  @ApiPropertyOptional({ description: '（忽略）GeoJSON 图层名' })
  @IsOptional()
  @Allow()
  name?: unknown;

  @ApiPropertyOptional({ description: '（忽略）坐标系声明；坐标须为 GCJ-02' })
  @IsOptional()
  @Allow()
  crs?: unknown;

  @ApiPropertyOptional({ description: '（忽略）' })
  @IsOptional()
  @Allow()
  bbox?: unknown;
}

const toBool = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' || value === true ? true : value === 'false' || value === '0' || value === false ? false : value;

export class AreaImportQuery {
  @ApiPropertyOptional({ description: 'true：只预览，不写入' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  dryRun?: boolean;
}
