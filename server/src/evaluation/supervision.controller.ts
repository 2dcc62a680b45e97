import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { CircularFormatQuery } from './dto/round.dto';
import { IssueSupervisionDto, SupervisionListQuery, SupervisionReplyDto } from './dto/supervision.dto';
import { SupervisionDocumentService } from './supervision-document.service';
import { SupervisionService } from './supervision.service';

const READERS = ['dispatcher', 'auditor', 'admin', 'handler', 'dept_manager'] as const;

@ApiTags('evaluation')
@ApiBearerAuth()
@Controller()
export class SupervisionController {
  constructor(
    private readonly supervision: SupervisionService,
    private readonly documents: SupervisionDocumentService,
  ) {}

  @Post('inspection-rounds/:id/supervision-notices')
  @Roles('dispatcher')
  @ApiOperation({ summary: '下发督办通知：已发布轮次的案卷按责任部门各发一份，限期整改回复（已下发的部门跳过）' })
  @ApiCreatedResponse({ description: 'IssueSupervisionResultDto（见 shared/src/evaluation）' })
  issue(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() body: IssueSupervisionDto) {
    return this.supervision.issue(user, id, body);
  }

  @Get('supervision-notices')
  @Roles(...READERS)
  @ApiOperation({ summary: '督办通知列表（部门人员只看本部门的）' })
  @ApiOkResponse({ description: 'SupervisionNoticeSummaryDto[]（见 shared/src/evaluation）' })
  list(@CurrentUser() user: AuthUser, @Query() q: SupervisionListQuery) {
    return this.supervision.list(user, q);
  }

  @Get('supervision-notices/:id')
  @Roles(...READERS)
  @ApiOperation({ summary: '督办通知详情：案卷办理情况、整改回复与照片、逾期升级记录' })
  @ApiOkResponse({ description: 'SupervisionNoticeDto（见 shared/src/evaluation）' })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number) {
    return this.supervision.detail(user, id);
  }

  @Get('supervision-notices/:id/document')
  @Roles(...READERS)
  @ApiProduces('text/html', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({
    summary: '督办通知文件：问题清单（含照片）、回复期限、整改要求与整改回复；format=xlsx 下载 Excel，html 为可打印 A4 页面',
  })
  document(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Query() q: CircularFormatQuery,
    @Res() res: FastifyReply,
  ) {
    return this.documents.send(user, id, q.format ?? 'html', res);
  }

  @Post('supervision-notices/:id/replies')
  @Roles('handler', 'dept_manager')
  @ApiOperation({ summary: '填写整改回复（被督办部门的人员）：整改情况与整改后照片' })
  @ApiCreatedResponse({ description: 'SupervisionNoticeDto（见 shared/src/evaluation）' })
  reply(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() body: SupervisionReplyDto) {
    return this.supervision.reply(user, id, body);
  }
}
