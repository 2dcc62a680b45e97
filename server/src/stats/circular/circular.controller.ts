import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../common/auth/decorators';
import { CircularQuery } from '../dto/kpis.dto';
import { CircularExport } from './circular-export.service';

@ApiTags('stats')
@Controller('circulars')
export class CircularController {
  constructor(private readonly circulars: CircularExport) {}

  @Get()
  @Roles('dispatcher', 'dept_manager', 'auditor', 'admin')
  @ApiProduces('text/html', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: '工作通报：时段内部门排名、超期案卷、返工案卷、总体情况；format=xlsx 下载 Excel，html 为可打印的 A4 页面' })
  circular(@Query() q: CircularQuery, @Res() res: FastifyReply) {
    return this.circulars.send(q, res);
  }
}
