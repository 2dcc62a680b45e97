import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import {
  CircularFormatQuery,
  CreateFindingDto,
  CreateRoundDto,
  FindingCreatedResponse,
  PublishResultResponse,
  RoundCreatedResponse,
  RoundListQuery,
} from './dto/round.dto';
import { FindingsService } from './findings.service';
import { PublishService } from './publish.service';
import { RoundCircularService } from './round-circular.service';
import { RoundsService } from './rounds.service';

const STAFF = ['inspector', 'dispatcher', 'auditor', 'admin', 'handler', 'dept_manager'] as const;

@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('inspection-rounds')
export class RoundsController {
  constructor(
    private readonly rounds: RoundsService,
    private readonly findings: FindingsService,
    private readonly publisher: PublishService,
    private readonly circulars: RoundCircularService,
  ) {}

  @Post()
  @Roles('dispatcher')
  @ApiOperation({ summary: '新建检查轮次（暗访 / 明查）' })
  @ApiCreatedResponse({ type: RoundCreatedResponse })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateRoundDto) {
    return this.rounds.create(user, body);
  }

  @Get()
  @Roles(...STAFF)
  @ApiOperation({ summary: '检查轮次列表（未发布的暗访对受检单位不可见）' })
  list(@CurrentUser() user: AuthUser, @Query() q: RoundListQuery) {
    return this.rounds.list(user, q.month);
  }

  @Get('inspectors')
  @Roles('dispatcher')
  @ApiOperation({ summary: '可指派的检查人员（在岗巡查员）' })
  inspectors() {
    return this.rounds.inspectors();
  }

  @Get(':id')
  @Roles(...STAFF)
  @ApiOperation({ summary: '检查轮次详情：各区域得分与检查发现（未发布的暗访对受检单位返回 404）' })
  @ApiOkResponse({ description: 'RoundDetailDto（见 shared/src/evaluation）' })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number) {
    return this.rounds.detail(user, id);
  }

  @Get(':id/circular')
  @Roles(...STAFF)
  @ApiProduces('text/html', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: '督查通报：各区域得分排名、问题清单（含照片）与重点监控点位；format=xlsx 下载 Excel，html 为可打印页面' })
  circular(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Query() q: CircularFormatQuery,
    @Res() res: FastifyReply,
  ) {
    return this.circulars.send(user, id, q.format ?? 'html', res);
  }

  @Post(':id/findings')
  @Roles('inspector', 'dispatcher')
  @ApiOperation({ summary: '录入检查发现（本轮检查人员或调度员）；扣分按条目上限封顶' })
  @ApiCreatedResponse({ type: FindingCreatedResponse })
  addFinding(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() body: CreateFindingDto) {
    return this.findings.create(user, id, body);
  }

  @Post(':id/publish')
  @Roles('dispatcher')
  @HttpCode(200)
  @ApiOperation({ summary: '发布检查结果：每条发现立案一次（重复发布不再立案）' })
  @ApiOkResponse({ type: PublishResultResponse })
  publish(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number) {
    return this.publisher.publish(user, id);
  }
}
