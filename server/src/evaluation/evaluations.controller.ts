import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { EvaluationQuery, EvaluationSettingsBody, GridEvaluationQuery, MonthPublishedResponse, QuarterQuery } from './dto/evaluation.dto';
import { EvaluationSettingsService } from './evaluation-settings.service';
import { EvaluationsService } from './evaluations.service';
import { MonthPublicationService } from './month-publication.service';

@ApiTags('evaluation')
@ApiBearerAuth()
@Controller()
export class EvaluationsController {
  constructor(
    private readonly evaluations: EvaluationsService,
    private readonly settings: EvaluationSettingsService,
    private readonly publication: MonthPublicationService,
  ) {}

  @Get('evaluations')
  @Roles('dispatcher', 'auditor', 'admin')
  @ApiOperation({ summary: '月度千分制考评：暗访、明查、数字化城管与总分排名' })
  @ApiOkResponse({ description: 'EvaluationsDto（见 shared/src/evaluation）' })
  month(@Query() q: EvaluationQuery) {
    return this.evaluations.month(q.month);
  }

  @Post('evaluations/:month/publish')
  @Roles('dispatcher')
  @HttpCode(200)
  @ApiOperation({
    summary: '发布月度考评结果：保存当时的得分与排名，此后该月的轮次、发现和得分不再变动（须先发布本月全部检查轮次）',
  })
  @ApiOkResponse({ type: MonthPublishedResponse })
  publish(@CurrentUser() user: AuthUser, @Param('month') month: string) {
    return this.publication.publish(user, month);
  }

  @Get('evaluations/grids')
  @Roles('dispatcher', 'auditor', 'admin')
  @ApiOperation({ summary: '区域内各社区的月度千分制排名' })
  @ApiOkResponse({ description: 'EvaluationsDto（见 shared/src/evaluation）' })
  grids(@Query() q: GridEvaluationQuery) {
    return this.evaluations.grids(q.month, q.areaId);
  }

  @Get('evaluations/quarter')
  @Roles('dispatcher', 'auditor', 'admin')
  @ApiOperation({ summary: '季度评比：三个月总分的平均与排名' })
  @ApiOkResponse({ description: 'QuarterEvaluationsDto（见 shared/src/evaluation）' })
  quarter(@Query() q: QuarterQuery) {
    return this.evaluations.quarter(q.quarter);
  }

  @Get('evaluation-settings')
  @Roles('dispatcher', 'auditor', 'admin')
  @ApiOperation({ summary: '考评权重与数字化城管指标构成' })
  @ApiOkResponse({ type: EvaluationSettingsBody })
  getSettings() {
    return this.settings.get();
  }

  @Put('evaluation-settings')
  @Roles('admin')
  @ApiOperation({ summary: '修改考评权重（合计须为 1）' })
  @ApiOkResponse({ type: EvaluationSettingsBody })
  saveSettings(@CurrentUser() user: AuthUser, @Body() body: EvaluationSettingsBody) {
    return this.settings.save(user, body);
  }
}
