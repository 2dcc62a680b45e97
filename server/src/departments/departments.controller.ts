import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { DepartmentsService } from './departments.service';
import { CreateDepartmentDto, DepartmentListQuery, DepartmentResponse, UpdateDepartmentDto } from './dto/department.dto';

@ApiTags('departments')
@ApiBearerAuth()
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Get()
  @ApiOperation({ summary: '部门列表（登录即可；默认只含启用的部门）' })
  @ApiOkResponse({ type: [DepartmentResponse] })
  list(@Query() q: DepartmentListQuery) {
    return this.departments.list(q.includeInactive === true);
  }

  @Get(':id')
  @ApiOperation({ summary: '部门详情' })
  @ApiOkResponse({ type: DepartmentResponse })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.departments.get(id);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: '新建部门' })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateDepartmentDto) {
    return this.departments.create(user, body);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: '修改部门（含停用）' })
  update(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() body: UpdateDepartmentDto) {
    return this.departments.update(user, id, body);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: '删除未被使用的部门' })
  remove(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number) {
    return this.departments.remove(user, id);
  }
}
