import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/decorators';
import { RateLimited } from '../common/http/rate-limit';
import { Open311ExceptionFilter } from './open311-exception.filter';
import { Open311Service } from './open311.service';

/** Open311 GeoReport v2 at /open311/v2 (outside /api/v1). JSON only; errors are [{code, description}]. */
@ApiTags('open311')
@Public()
@UseFilters(Open311ExceptionFilter)
@Controller('open311/v2')
export class Open311Controller {
  constructor(private readonly open311: Open311Service) {}

  @Get('services.json')
  @ApiOperation({ summary: 'Open311：服务（问题分类）列表' })
  services() {
    return this.open311.services();
  }

  @Get('requests.json')
  @ApiOperation({ summary: 'Open311：服务请求列表（默认近 90 天，最多 1000 条；位置精确到约 100 米）' })
  list(@Query() q: Record<string, unknown>) {
    return this.open311.list(q);
  }

  @Post('requests.json')
  @HttpCode(200)
  @RateLimited()
  @ApiOperation({ summary: 'Open311：提交服务请求（需 api_key；form-urlencoded 或 JSON）' })
  create(@Body() body: Record<string, unknown>) {
    return this.open311.create(body ?? {});
  }

  @Get('requests/:id.json')
  @ApiOperation({ summary: 'Open311：查询单个服务请求' })
  one(@Param('id') id: string) {
    return this.open311.one(id);
  }
}
