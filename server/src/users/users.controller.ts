import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AdminUserDto, Page, UserDto } from '@sansui/shared';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { AdminUserDtoSchema, BindPhoneDto, CreateStaffDto, UpdateUserDto, UserDtoSchema, UserListQueryDto } from './dto/users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @ApiOperation({ summary: '当前登录用户' })
  @ApiOkResponse({ type: UserDtoSchema })
  me(@CurrentUser() user: AuthUser): Promise<UserDto> {
    return this.users.me(user);
  }

  @Delete('me')
  @HttpCode(204)
  @ApiOperation({ summary: '注销账号（仅居民）：匿名化个人信息，保留上报、案卷和红包记录，登录立即失效' })
  @ApiNoContentResponse()
  deleteMe(@CurrentUser() user: AuthUser): Promise<void> {
    return this.users.deleteMe(user);
  }

  @Post('me/phone')
  @Roles('resident')
  @HttpCode(200)
  @ApiOperation({ summary: '绑定微信手机号（getPhoneNumber 按钮返回的 code）' })
  bindPhone(@CurrentUser() user: AuthUser, @Body() dto: BindPhoneDto): Promise<{ phoneMasked: string | null }> {
    return this.users.bindPhone(user, dto.code);
  }

  @Get('users')
  @Roles('admin')
  @ApiOperation({ summary: '用户列表（管理员；openid、手机号脱敏）' })
  list(@Query() q: UserListQueryDto): Promise<Page<AdminUserDto>> {
    return this.users.list(q);
  }

  @Post('users')
  @Roles('admin')
  @ApiOperation({ summary: '新建工作人员账号（管理员）' })
  @ApiOkResponse({ type: AdminUserDtoSchema })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateStaffDto): Promise<AdminUserDto> {
    return this.users.create(user, dto);
  }

  @Patch('users/:id')
  @Roles('admin')
  @ApiOperation({ summary: '修改工作人员账号：角色、部门、启用/停用、姓名、重置密码（管理员）' })
  @ApiOkResponse({ type: AdminUserDtoSchema })
  update(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: UpdateUserDto): Promise<AdminUserDto> {
    return this.users.update(user, id, dto);
  }
}
