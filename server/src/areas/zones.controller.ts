import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { STAFF_ROLES } from '@sansui/shared';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { CreateZoneDto, UpdateZoneDto } from './dto/zone.dto';
import { ZonesService } from './zones.service';

@ApiTags('areas')
@Controller('zones')
export class ZonesController {
  constructor(private readonly zones: ZonesService) {}

  @Get()
  @Roles(...STAFF_ROLES)
  @ApiOperation({ summary: '责任区 / 包干路段列表' })
  list() {
    return this.zones.list();
  }

  @Get(':id')
  @Roles(...STAFF_ROLES)
  @ApiOperation({ summary: '责任区详情' })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.zones.get(id);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: '新建责任区（多边形，或路段线 + 缓冲宽度）' })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateZoneDto) {
    return this.zones.create(user, body);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: '修改责任区' })
  update(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() body: UpdateZoneDto) {
    return this.zones.update(user, id, body);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: '删除责任区' })
  remove(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number) {
    return this.zones.remove(user, id);
  }
}
