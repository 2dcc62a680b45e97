import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ModerationItemDto, Page } from '@sansui/shared';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { AppException } from '../common/errors/app-exception';
import { ModerationDecisionDto, ModerationQueueQueryDto } from './dto/moderation.dto';
import { ModerationService } from './moderation.service';

/** 内容审核 (docs/domain.md §17): the dispatchers' queue of reports the content check flagged. */
@ApiTags('moderation')
@ApiBearerAuth()
@Roles('dispatcher')
@Controller('moderation')
export class ModerationController {
  constructor(private readonly moderation: ModerationService) {}

  @Get('items')
  @ApiOperation({ summary: '内容审核队列：文字或照片被内容安全检测判为疑似违规或需人工复核的上报，分页；status=decided 为审核记录' })
  list(@Query() q: ModerationQueueQueryDto): Promise<Page<ModerationItemDto>> {
    return this.moderation.list(q);
  }

  @Post('items/:reportId/decision')
  @HttpCode(200)
  @ApiOperation({ summary: '审核一条上报：通过（可指定继续隐藏的照片）或以“违规内容”不予受理；写审计日志' })
  decide(
    @CurrentUser() user: AuthUser,
    @Param('reportId', new ParseIntPipe({ exceptionFactory: () => new AppException('REPORT_NOT_FOUND') })) id: number,
    @Body() dto: ModerationDecisionDto,
  ): Promise<ModerationItemDto> {
    return this.moderation.decide(user, id, dto);
  }
}
