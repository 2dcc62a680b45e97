import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { DEPARTMENT_TYPES, type CategoryDto, type DepartmentType } from '@sansui/shared';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

export class CategoryResponse implements CategoryDto {
  @ApiProperty({ example: 'exposed_garbage' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty() hint: string;
  @ApiProperty({ enum: DEPARTMENT_TYPES, description: '默认责任部门类型' }) defaultDepartmentType: DepartmentType;
  @ApiProperty({ description: '处置时限（小时，自派遣起算）' }) slaHours: number;
  @ApiProperty({ description: '奖励金额（分）' }) rewardFen: number;
  @ApiProperty({ description: '重复判定半径（米）' }) duplicateRadiusM: number;
  @ApiProperty({ description: '重复判定时间窗（小时）' }) duplicateWindowHours: number;
  @ApiProperty({ description: '发现重复时自动合并' }) autoMerge: boolean;
  @ApiProperty() enabled: boolean;
  @ApiProperty() sortOrder: number;
}

export class CreateCategoryDto {
  @ApiProperty({ example: 'noise' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{1,63}$/, { message: '分类编码只能包含小写字母、数字和下划线，以字母开头' })
  code: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: DEPARTMENT_TYPES })
  @IsIn(DEPARTMENT_TYPES)
  defaultDepartmentType: DepartmentType;

  @ApiProperty({ description: '处置时限（小时）' })
  @IsInt()
  @Min(1)
  @Max(24 * 365)
  slaHours: number;

  @ApiProperty({ description: '奖励金额（分，整数）' })
  @IsInt()
  @Min(0)
  @Max(100_000)
  rewardFen: number;

  @ApiPropertyOptional({ description: '给居民的一句话提示' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  hint?: string;

  @ApiPropertyOptional({ description: '重复判定半径（米）' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5000)
  duplicateRadiusM?: number;

  @ApiPropertyOptional({ description: '重复判定时间窗（小时）' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24 * 90)
  duplicateWindowHours?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  autoMerge?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  sortOrder?: number;
}

/** PATCH: any field of a new category but its code, each optional. */
export class UpdateCategoryDto extends PartialType(OmitType(CreateCategoryDto, ['code'] as const)) {}

export class CategoryListQuery {
  @ApiPropertyOptional({ description: 'true：包括已停用的分类（仅管理员）' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean()
  all?: boolean;
}
