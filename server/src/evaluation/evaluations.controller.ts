import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import {
  BriefingDocumentQuery,
  EvaluationQuery,
  EvaluationSettingsBody,
  GridEvaluationQuery,
  LeaderScoresResponse,
  MonthPublishedResponse,
  QuarterQuery,
  SaveLeaderScoresBody,
} from './dto/evaluation.dto';
import { EvaluationSettingsService } from './evaluation-settings.service';
import { briefingHtml, briefingWorkbook } from './briefing-document';
import { BriefingService } from './briefing.service';
import { EvaluationsService } from './evaluations.service';
import { LeaderScoresService } from './leader-scores.service';
import { MonthPublicationService } from './month-publication.service';

@ApiTags('evaluation')
@ApiBearerAuth()
@Controller()
export class EvaluationsController {
  constructor(
    private readonly evaluations: EvaluationsService,
    private readonly settings: EvaluationSettingsService,
    private readonly publication: MonthPublicationService,
    private readonly briefing: BriefingService,
    private readonly leaderScoresService: LeaderScoresService,
  ) {}

  @Get('evaluations/briefing')
  @Roles('dispatcher', 'auditor', 'admin')
  @ApiOperation({ summary: '月度简报：检查概况、各区得分与上月对比、突出问题、督办情况' })
  @ApiOkResponse({ description: 'BriefingDto（见 shared/src/evaluation）' })
  getBriefing(@Query() q: EvaluationQuery) {
    return this.briefing.month(q.month);
  }

  @Get('evaluations/briefing/document')
  @Roles('dispatcher', 'auditor', 'admin')
  @ApiProduces('text/html', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: '月度简报文件：format=xlsx 下载 Excel，html 为可打印页面' })
  async briefingDocument(@Query() q: BriefingDocumentQuery, @Res() res: FastifyReply) {
    const b = await this.briefing.month(q.month);
    const now = new Date();
    res.header('Cache-Control', 'no-store');
    if (q.format === 'xlsx') {
      // filename* first: the admin's download helper takes the first file name it finds.
      res.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${b.title}.xlsx`)}; filename="briefing.xlsx"`);
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await briefingWorkbook(b, now));
      return;
    }
    res.type('text/html; charset=utf-8').send(briefingHtml(b, now));
  }

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

  @Get('evaluations/leader-scores')
  @Roles('dispatcher', 'auditor', 'admin')
  @ApiOperation({ summary: '季度领导评价：各区域本季度的领导评分与当前权重' })
  @ApiOkResponse({ type: LeaderScoresResponse })
  leaderScores(@Query() q: QuarterQuery) {
    return this.leaderScoresService.list(q.quarter);
  }

  @Put('evaluations/leader-scores/:quarter')
  @Roles('admin')
  @ApiOperation({ summary: '录入季度领导评价（0–1000 分；score 为 null 删除该区域的评价；记入审计日志）' })
  @ApiOkResponse({ type: LeaderScoresResponse })
  saveLeaderScores(@CurrentUser() user: AuthUser, @Param('quarter') quarter: string, @Body() body: SaveLeaderScoresBody) {
    return this.leaderScoresService.save(user, quarter, body);
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
