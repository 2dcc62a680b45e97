import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEPARTMENT_TYPES, type DepartmentAdminDto, type DepartmentType } from '@sansui/shared';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';

const CODE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const CODE_MESSAGE = '部门编码只能包含小写字母、数字、- 和 _，不超过 64 个字符';

export class DepartmentResponse implements DepartmentAdminDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'sanitation-xihu' }) code: string;
  @ApiProperty({ example: '西湖区环境卫生管理所' }) name: string;
  @ApiProperty({ enum: DEPARTMENT_TYPES }) type: DepartmentType;
  @ApiProperty({ nullable: true, type: Number, description: '服务的区域；null 表示全市' }) areaId: number | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ nullable: true, type: String }) contactPhone: string | null;
}

export class CreateDepartmentDto {
  @ApiProperty({ example: 'sanitation-xihu' })
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: DEPARTMENT_TYPES })
  @IsIn(DEPARTMENT_TYPES)
  type: DepartmentType;

  @ApiPropertyOptional({ nullable: true, description: '服务的区域 id；不填表示全市' })
  @IsOptional()
  @IsInt()
  @Min(1)
  areaId?: number | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9+\- ]{3,20}$/, { message: '联系电话格式不正确' })
  contactPhone?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateDepartmentDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ enum: DEPARTMENT_TYPES })
  @IsOptional()
  @IsIn(DEPARTMENT_TYPES)
  type?: DepartmentType;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  areaId?: number | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9+\- ]{3,20}$/, { message: '联系电话格式不正确' })
  contactPhone?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class DepartmentListQuery {
  @ApiPropertyOptional({ description: 'true：包括已停用的部门' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean()
  includeInactive?: boolean;
}
