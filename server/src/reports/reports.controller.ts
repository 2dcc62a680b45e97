import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { NearbyReportDto, Page, ReportDetailDto, ReportDto } from '@sansui/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AnswerCache, callerKey, type JsonOf } from '../database/answer-cache';
import { reporterScopes } from '../database/read-scopes';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/decorators';
import { AppException } from '../common/errors/app-exception';
import { RateLimited } from '../common/http/rate-limit';
import { CreateReportDto } from './dto/create-report.dto';
import { FeedbackDto } from './dto/feedback.dto';
import { PageQueryDto } from '../common/dto/page-query.dto';
import { NearbyQueryDto } from './dto/report-queries.dto';
import { ReportFeedbackService } from './report-feedback.service';
import { ReportViewService } from './report-view.service';
import { ReportsService } from './reports.service';

const reportId = new ParseIntPipe({ exceptionFactory: () => new AppException('REPORT_NOT_FOUND') });

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly view: ReportViewService,
    private readonly feedback: ReportFeedbackService,
    private readonly answers: AnswerCache,
  ) {}

  @Post()
  @RateLimited()
  @ApiOperation({ summary: '提交上报（随手拍 / 随手捡；调度员可登记热线）。同一 clientRequestId 重试返回首次结果（200），新建返回 201' })
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateReportDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ReportDetailDto> {
    const { report, created } = await this.reports.create(user, dto);
    res.status(created ? 201 : 200);
    return report;
  }

  @Get('mine')
  @ApiOperation({ summary: '我的上报（新的在前，分页）' })
  mine(
    @CurrentUser() user: AuthUser,
    @Query() q: PageQueryDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JsonOf<Page<ReportDto>>> {
    return this.answers.send(
      reply,
      `mine ${callerKey(user)} ${req.url}`,
      (now) => this.view.mineAnswer(user, q, now),
      reporterScopes(user.id),
    );
  }

  @Get('nearby')
  @ApiOperation({ summary: '附近 30 天内的公开上报（位置精确到约 100 米，不含个人信息，最多 200 条）' })
  nearby(@Query() q: NearbyQueryDto): Promise<NearbyReportDto[]> {
    return this.view.nearby(q);
  }

  @Get(':id')
  @ApiOperation({ summary: '上报详情（含居民可见的处理进度）' })
  @ApiOkResponse({ description: 'ReportDetailDto' })
  detail(@CurrentUser() user: AuthUser, @Param('id', reportId) id: number): Promise<ReportDetailDto> {
    return this.view.detail(id, user);
  }

  @Post(':id/feedback')
  @HttpCode(200)
  @ApiOperation({ summary: '评价处理结果：解决了 / 没有解决（办结 7 天内，需附照片，由调度员决定是否重新派遣）' })
  giveFeedback(@CurrentUser() user: AuthUser, @Param('id', reportId) id: number, @Body() dto: FeedbackDto): Promise<ReportDetailDto> {
    return this.feedback.give(user, id, dto);
  }
}
