import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export class CreateZoneDto {
  @ApiProperty({ example: '浙大一院门前四包责任区' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ description: '责任单位（部门）id' })
  @IsInt()
  @Min(1)
  departmentId: number;

  @ApiPropertyOptional({
    description: '责任区多边形（GeoJSON Polygon，GCJ-02）；与 line 二选一',
    type: 'object',
    additionalProperties: true,
  })
  @IsOptional()
  @IsObject()
  geometry?: Record<string, unknown>;

  @ApiPropertyOptional({
    description: '包干路段（GeoJSON LineString），按 bufferM 米向两侧扩展为多边形',
    type: 'object',
    additionalProperties: true,
  })
  @IsOptional()
  @IsObject()
  line?: Record<string, unknown>;

  @ApiPropertyOptional({ description: '路段缓冲宽度（米，默认 15）', example: 15 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  bufferM?: number;

  @ApiPropertyOptional({ nullable: true, type: [String], description: '该单位负责的分类；null 表示全部' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  categoryCodes?: string[] | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateZoneDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  departmentId?: number;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  geometry?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  line?: Record<string, unknown>;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  bufferM?: number;

  @ApiPropertyOptional({ nullable: true, type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  categoryCodes?: string[] | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
