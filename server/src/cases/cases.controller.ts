import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CaseHandlerOptionDto, CaseListPage, CaseStaffDetailDto, CircularCaseDto, Page, ReopenRequestDto } from '@sansui/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AnswerCache, type JsonOf } from '../database/answer-cache';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { AppException } from '../common/errors/app-exception';
import { CaseActionsService } from './case-actions.service';
import { CaseDetailService } from './case-detail.service';
import { CaseQueryService } from './case-query.service';
import { CaseReassignService } from './case-reassign.service';
import {
  CaseActionDto,
  DispatchCaseDto,
  ExtensionDecisionDto,
  ExtensionRequestDto,
  MergeCaseDto,
  ReassignCaseDto,
  RejectCaseDto,
  ResolveCaseDto,
  ReturnCaseDto,
  VerifyCaseDto,
} from './dto/case-action.dto';
import { CaseListQueryDto, CircularListQueryDto, ReopenRequestQueryDto } from './dto/case-list-query.dto';
import { ExtensionsService } from './extensions.service';
import { ReopenRequestsService } from './reopen-requests.service';

const caseId = new ParseIntPipe({ exceptionFactory: () => new AppException('CASE_NOT_FOUND') });
const STAFF = ['dispatcher', 'handler', 'dept_manager', 'inspector', 'auditor', 'admin'] as const;

/** 案卷 (docs/domain.md §5, §7, §13): the queue, the detail, one POST per action, extensions and the circular list. */
@ApiTags('cases')
@ApiBearerAuth()
@Roles(...STAFF)
@Controller('cases')
export class CasesController {
  constructor(
    private readonly query: CaseQueryService,
    private readonly detail: CaseDetailService,
    private readonly actions: CaseActionsService,
    private readonly extensions: ExtensionsService,
    private readonly reopenRequestsService: ReopenRequestsService,
    private readonly reassigns: CaseReassignService,
    private readonly answers: AnswerCache,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      '案卷列表（处置人员/部门负责人只看本部门；超期按当前时间计算；after/before 按排序位置翻页；总数超过一万时只答“一万以上”；按文字搜索常见词时只答“超过 N 条”）',
  })
  list(
    @CurrentUser() user: AuthUser,
    @Query() q: CaseListQueryDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JsonOf<CaseListPage>> {
    return this.answers.send(
      reply,
      `cases ${this.query.listAnswerCaller(user, q)} ${req.url}`,
      (now) => this.query.listAnswer(user, q, now),
      this.query.listAnswerScopes(user, q),
    );
  }

  @Get('circular-list')
  @Roles('dispatcher', 'auditor', 'admin')
  @ApiOperation({ summary: '通报名单：超过两倍处置时限的案卷' })
  circular(@Query() q: CircularListQueryDto): Promise<Page<CircularCaseDto>> {
    return this.query.circularList(q);
  }

  @Get('reopen-requests')
  @Roles('dispatcher')
  @ApiOperation({ summary: '居民反馈“没有解决”的重新派遣请求，分页；status 默认 pending（最早的在前），已决定的最新的在前' })
  reopenRequests(@Query() q: ReopenRequestQueryDto): Promise<Page<ReopenRequestDto>> {
    return this.reopenRequestsService.list(q);
  }

  @Get(':id/handlers')
  @ApiOperation({ summary: '案卷所属部门在岗的处置人员（改派候选）' })
  handlers(@CurrentUser() user: AuthUser, @Param('id', caseId) id: number): Promise<CaseHandlerOptionDto[]> {
    return this.reassigns.handlerOptions(user, id);
  }

  @Get(':id')
  @ApiOperation({ summary: '案卷详情（时间线、照片、分拣记录、可执行操作、延期申请）' })
  get(@CurrentUser() user: AuthUser, @Param('id', caseId) id: number): Promise<CaseStaffDetailDto> {
    return this.detail.get(user, id);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: '受理' })
  accept(@CurrentUser() u: AuthUser, @Param('id', caseId) id: number, @Body() dto: CaseActionDto) {
    return this.moved(u, id, this.actions.accept(u, id, dto));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: '不予受理（原因 + 说明）' })
  reject(@CurrentUser() u: AuthUser, @Param('id', caseId) id: number, @Body() dto: RejectCaseDto) {
    return this.moved(u, id, this.actions.reject(u, id, dto));
  }

  @Post(':id/merge')
  @HttpCode(200)
  @ApiOperation({ summary: '合并到另一个未办结的案卷' })
  merge(@CurrentUser() u: AuthUser, @Param('id', caseId) id: number, @Body() dto: MergeCaseDto) {
    return this.moved(u, id, this.actions.merge(u, id, dto));
  }

  @Post(':id/dispatch')
  @HttpCode(200)
  @ApiOperation({ summary: '派遣（不填部门则采用派遣建议）' })
  dispatch(@CurrentUser() u: AuthUser, @Param('id', caseId) id: number, @Body() dto: DispatchCaseDto) {
    return this.moved(u, id, this.actions.dispatch(u, id, dto));
  }

  @Post(':id/claim')
  @HttpCode(200)
  @ApiOperation({ summary: '接单（本部门）' })
  claim(@CurrentUser() u: AuthUser, @Param('id', caseId) id: number, @Body() dto: CaseActionDto) {
    return this.moved(u, id, this.actions.claim(u, id, dto));
  }

  @Post(':id/return')
  @HttpCode(200)
  @ApiOperation({ summary: '退单（本部门，需原因）' })
  return(@CurrentUser() u: AuthUser, @Param('id', caseId) id: number, @Body() dto: ReturnCaseDto) {
    return this.moved(u, id, this.actions.return(u, id, dto));
  }

  @Post(':id/reassign')
  @HttpCode(200)
  @ApiOperation({ summary: '改派（部门负责人/调度员/管理员；处置中的案卷交给本部门另一名处置人员，状态不变）' })
  reassign(@CurrentUser() u: AuthUser, @Param('id', caseId) id: number, @Body() dto: ReassignCaseDto) {
    return this.reassigns.reassign(u, id, dto);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '处置完毕（至少一张本人上传的处置后照片）。取证核验 ON_SITE / FRESH / NEW_PICTURE / CAMERA / EXIF_AGREES：拍摄位置离案卷太远 422 RESOLVE_TOO_FAR，与上报照片或其他案卷照片是同一张 422 EVIDENCE_REUSED；缺少拍摄信息不拒绝，但证据记为未核实',
  })
  resolve(@CurrentUser() u: AuthUser, @Param('id', caseId) id: number, @Body() dto: ResolveCaseDto) {
    return this.moved(u, id, this.actions.resolve(u, id, dto));
  }

  @Post(':id/verify')
  @HttpCode(200)
  @ApiOperation({ summary: '核查：通过结案 / 不通过返工。处置证据未核实时，通过需填写 note，否则 422 NOTE_REQUIRED' })
  verify(@CurrentUser() u: AuthUser, @Param('id', caseId) id: number, @Body() dto: VerifyCaseDto) {
    return this.moved(u, id, this.actions.verify(u, id, dto));
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: '重新派遣（办结 7 天内，回到原部门，计为返工）' })
  reopen(@CurrentUser() u: AuthUser, @Param('id', caseId) id: number, @Body() dto: CaseActionDto) {
    return this.moved(u, id, this.actions.reopen(u, id, dto));
  }

  @Post(':id/reopen/decline')
  @HttpCode(200)
  @ApiOperation({ summary: '不予重新派遣（驳回居民的“没有解决”反馈，案卷保持已结案）' })
  declineReopen(@CurrentUser() u: AuthUser, @Param('id', caseId) id: number, @Body() dto: CaseActionDto) {
    return this.moved(u, id, this.actions.declineReopen(u, id, dto));
  }

  @Post(':id/extension')
  @HttpCode(200)
  @ApiOperation({ summary: '申请延期（本部门，派遣或处置中，同时只能有一个待审批）' })
  requestExtension(@CurrentUser() u: AuthUser, @Param('id', caseId) id: number, @Body() dto: ExtensionRequestDto) {
    return this.extensions.request(u, id, dto);
  }

  @Post(':id/extension/decide')
  @HttpCode(200)
  @ApiOperation({ summary: '审批延期（调度员；同意则顺延处置时限）' })
  decideExtension(@CurrentUser() u: AuthUser, @Param('id', caseId) id: number, @Body() dto: ExtensionDecisionDto) {
    return this.extensions.decide(u, id, dto);
  }

  /** A move's answer: the case's fresh detail as the caller sees it once the move is committed. */
  private async moved(u: AuthUser, id: number, move: Promise<void>): Promise<CaseStaffDetailDto> {
    await move;
    return this.detail.get(u, id, { afterAction: true });
  }
}
