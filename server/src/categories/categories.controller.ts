import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Public, Roles } from '../common/auth/decorators';
import { CategoriesService } from './categories.service';
import { CategoryListQuery, CategoryResponse, CreateCategoryDto, UpdateCategoryDto } from './dto/category.dto';

@ApiTags('categories')
@Controller('categories')
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: '问题分类（公开；只含启用的，管理员带 all=true 可看全部）' })
  @ApiOkResponse({ type: [CategoryResponse] })
  list(@Query() q: CategoryListQuery, @CurrentUser() user?: AuthUser) {
    return this.categories.list(q.all === true && !!user?.roles.includes('admin'));
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: '新建分类' })
  @ApiOkResponse({ type: CategoryResponse })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateCategoryDto) {
    return this.categories.create(user, body);
  }

  @Patch(':code')
  @Roles('admin')
  @ApiOperation({ summary: '修改分类（时限、奖励、提示、重复判定半径、自动合并、启用）' })
  @ApiOkResponse({ type: CategoryResponse })
  update(@CurrentUser() user: AuthUser, @Param('code') code: string, @Body() body: UpdateCategoryDto) {
    return this.categories.update(user, code, body);
  }
}
