import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { MonitoringPointsQuery, MonitoringPointsResponse } from './dto/monitoring.dto';
import { MonitoringPointsService } from './monitoring-points.service';

@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('monitoring-points')
export class MonitoringPointsController {
  constructor(private readonly points: MonitoringPointsService) {}

  @Get()
  @Roles('inspector', 'dispatcher', 'auditor', 'admin')
  @ApiOperation({
    summary: '重点监控点位：90 天内同类问题 3 件以上或连续两轮检查发现同类问题的地点，连续 60 天无新问题后移出',
  })
  @ApiOkResponse({ type: MonitoringPointsResponse })
  list(@CurrentUser() user: AuthUser, @Query() q: MonitoringPointsQuery) {
    return this.points.list(user, q);
  }
}
