import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STAFF_ROLES, ROLES, type CreateStaffRequest, type Role, type UpdateUserRequest, type UserListQuery } from '@sansui/shared';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';

/** WeCom member UserIDs: letters, digits and _ . @ -, at most 64 (企业微信通讯录规则). */
const WECOM_USER_ID = /^[A-Za-z0-9_.@-]{1,64}$/;
const WECOM_USER_ID_MESSAGE = '企业微信账号（UserID）只能包含字母、数字和 _ . @ -，最长 64 位';
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateStaffDto implements CreateStaffRequest {
  @ApiProperty({ example: 'zhang.san', description: '登录名：3–64 位字母、数字、点、下划线或短横线' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{3,64}$/, { message: '用户名为 3–64 位字母、数字、点、下划线或短横线' })
  username: string;

  @ApiProperty({ minLength: 8, maxLength: 128 })
  @IsString()
  @Length(8, 128, { message: '密码长度为 8–128 位' })
  password: string;

  @ApiProperty({ example: '张三' })
  @Transform(trim)
  @IsString()
  @Length(1, 64, { message: '姓名长度为 1–64 个字' })
  displayName: string;

  @ApiProperty({ enum: STAFF_ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1, { message: '至少选择一个角色' })
  @ArrayMaxSize(6)
  @IsIn(STAFF_ROLES, { each: true, message: '角色不正确' })
  roles: Role[];

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  departmentId?: number | null;

  @ApiPropertyOptional({ example: '13800138000' })
  @IsOptional()
  @IsString()
  @Matches(/^1\d{10}$/, { message: '手机号格式不正确' })
  phone?: string;

  @ApiPropertyOptional({ description: '企业微信成员 UserID（通知推送到企业微信）' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() || undefined : value))
  @IsOptional()
  @IsString()
  @Matches(WECOM_USER_ID, { message: WECOM_USER_ID_MESSAGE })
  wecomUserId?: string;
}

export class UpdateUserDto implements UpdateUserRequest {
  @ApiPropertyOptional({ enum: STAFF_ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { message: '至少选择一个角色' })
  @ArrayMaxSize(6)
  @IsIn(STAFF_ROLES, { each: true, message: '角色不正确' })
  roles?: Role[];

  @ApiPropertyOptional({ nullable: true, description: 'null 表示不属于任何部门' })
  @ValidateIf((_, v) => v !== null)
  @IsOptional()
  @IsInt()
  @Min(1)
  departmentId?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 64, { message: '姓名长度为 1–64 个字' })
  displayName?: string;

  @ApiPropertyOptional({ description: '重置密码' })
  @IsOptional()
  @IsString()
  @Length(8, 128, { message: '密码长度为 8–128 位' })
  password?: string;

  @ApiPropertyOptional({ nullable: true, description: '企业微信成员 UserID（通知推送到企业微信）；null 清除' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() || null : value))
  @ValidateIf((_, v) => v !== null)
  @IsOptional()
  @IsString()
  @Matches(WECOM_USER_ID, { message: WECOM_USER_ID_MESSAGE })
  wecomUserId?: string | null;
}

export class UserListQueryDto implements UserListQuery {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
  @ApiPropertyOptional({ enum: ['resident', 'staff'] }) @IsOptional() @IsIn(['resident', 'staff']) kind?: 'resident' | 'staff';
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) departmentId?: number;
  @ApiPropertyOptional({ description: '按用户名或姓名搜索' }) @IsOptional() @IsString() @Length(1, 64) q?: string;
}

export class UserDtoSchema {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ['resident', 'staff'] }) kind: 'resident' | 'staff';
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ nullable: true, type: Number }) departmentId: number | null;
  @ApiPropertyOptional() username?: string;
  @ApiPropertyOptional({ description: '居民 openid（脱敏）' }) openidMasked?: string;
}

export class AdminUserDtoSchema extends UserDtoSchema {
  @ApiProperty() active: boolean;
  @ApiProperty({ nullable: true, type: String }) phoneMasked: string | null;
  @ApiProperty({ nullable: true, type: String }) lastLoginAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) deletedAt: string | null;
}

export class BindPhoneDto {
  @ApiProperty({ description: 'getPhoneNumber 按钮返回的 code；模拟器：sim-phone:<11 位手机号>' })
  @IsString()
  @Length(1, 128)
  code: string;
}
