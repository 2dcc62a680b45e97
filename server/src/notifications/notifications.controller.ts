import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  NoticeReadAllDto,
  NoticeUnreadCountDto,
  Page,
  StaffNoticeDto,
  SubscriptionGrantResponse,
  SubscriptionTemplateDto,
} from '@sansui/shared';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { NoticeListQueryDto, SubscriptionGrantDto } from './dto/notifications.dto';
import { NoticesService } from './notices.service';
import { SubscriptionsService } from './subscriptions.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly notices: NoticesService,
  ) {}

  @Get('subscriptions/templates')
  @ApiOperation({ summary: '可订阅的消息模板（小程序调用 wx.requestSubscribeMessage 时使用）' })
  templates(): SubscriptionTemplateDto[] {
    return this.subscriptions.templates();
  }

  @Post('subscriptions')
  @Roles('resident')
  @HttpCode(200)
  @ApiOperation({ summary: '记录居民同意的一次性订阅（每个模板一次授权可发一条消息）' })
  grant(@CurrentUser() user: AuthUser, @Body() dto: SubscriptionGrantDto): Promise<SubscriptionGrantResponse> {
    return this.subscriptions.grant(user, dto.templateIds);
  }

  @Get('notices')
  @Roles('inspector', 'dispatcher', 'handler', 'dept_manager', 'auditor', 'admin')
  @ApiOperation({ summary: '我的通知和本部门通知（未读在前）' })
  list(@CurrentUser() user: AuthUser, @Query() q: NoticeListQueryDto): Promise<Page<StaffNoticeDto>> {
    return this.notices.list(user, q.page, q.pageSize, q.unread);
  }

  @Get('notices/unread-count')
  @Roles('inspector', 'dispatcher', 'handler', 'dept_manager', 'auditor', 'admin')
  @ApiOperation({ summary: '未读通知数（铃铛上的数字）' })
  @ApiOkResponse({ schema: { example: { unread: 3 } } })
  unreadCount(@CurrentUser() user: AuthUser): Promise<NoticeUnreadCountDto> {
    return this.notices.unreadCount(user);
  }

  @Post('notices/read-all')
  @Roles('inspector', 'dispatcher', 'handler', 'dept_manager', 'auditor', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: '全部标记已读（我的和本部门的）' })
  @ApiOkResponse({ schema: { example: { updated: 3 } } })
  readAll(@CurrentUser() user: AuthUser): Promise<NoticeReadAllDto> {
    return this.notices.markAllRead(user);
  }

  @Post('notices/:id/read')
  @Roles('inspector', 'dispatcher', 'handler', 'dept_manager', 'auditor', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: '标记通知已读' })
  read(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<StaffNoticeDto> {
    return this.notices.markRead(user, id);
  }
}
