import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { DepartmentKpisResponseDto, GridStatResponse, GridStatsQuery, StatsPeriodQuery, TrendPointResponse } from './dto/kpis.dto';
import { KpisService } from './kpis.service';
import { DispatchQualityService } from './dispatch-quality.service';
import { KPI_ROLES } from './kpi-access';

@ApiTags('stats')
@Controller('stats')
export class KpisController {
  constructor(
    private readonly kpis: KpisService,
    private readonly dispatchQuality: DispatchQualityService,
  ) {}

  @Get('dispatch-quality')
  @Roles(...KPI_ROLES)
  @ApiOperation({
    summary:
      '派遣质量：期间内首次派遣的案卷数、一次派准数与比例、每件派遣次数、按建议派遣比例，分部门（首次派往的部门）和分类；未一次派准的案卷列表（部门负责人仅本部门）',
  })
  @ApiOkResponse({ schema: { example: { dispatched: 120, firstTimeRight: 111, firstTimeRightRate: 0.925, handoffsPerCase: 1.08 } } })
  dispatchQualityStats(@CurrentUser() user: AuthUser, @Query() q: StatsPeriodQuery) {
    return this.dispatchQuality.get(user, q);
  }

  @Get('departments')
  @Roles(...KPI_ROLES)
  @ApiOperation({ summary: '部门考核指标：接收、结案、按期处置率、超期、退单、返工率、处置时长中位数、满意率（部门负责人仅本部门）' })
  @ApiOkResponse({ type: DepartmentKpisResponseDto })
  departments(@CurrentUser() user: AuthUser, @Query() q: StatsPeriodQuery) {
    return this.kpis.departments(user, q);
  }

  @Get('grids')
  @Roles(...KPI_ROLES)
  @ApiOperation({ summary: '按网格和分类统计上报案卷数（热力图）' })
  @ApiOkResponse({ type: [GridStatResponse] })
  grids(@CurrentUser() user: AuthUser, @Query() q: GridStatsQuery) {
    return this.kpis.grids(user, q);
  }

  @Get('trends')
  @Roles(...KPI_ROLES)
  @ApiOperation({ summary: '每日趋势：上报、结案、超期（北京时间按日）' })
  @ApiOkResponse({ type: [TrendPointResponse] })
  trends(@CurrentUser() user: AuthUser, @Query() q: StatsPeriodQuery) {
    return this.kpis.trends(user, q);
  }
}
