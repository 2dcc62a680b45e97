import { Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FollowedCaseDetailDto, FollowedCaseDto, MeTooResultDto, Page } from '@sansui/shared';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { AppException } from '../common/errors/app-exception';
import { PageQueryDto } from '../common/dto/page-query.dto';
import { MeTooService } from './me-too.service';

const caseId = new ParseIntPipe({ exceptionFactory: () => new AppException('CASE_NOT_FOUND') });

@ApiTags('me-too')
@ApiBearerAuth()
@Roles('resident')
@Controller()
export class MeTooController {
  constructor(private readonly meToo: MeTooService) {}

  @Post('cases/:id/me-too')
  @HttpCode(200)
  @ApiOperation({ summary: '我也遇到：关注附近已有的案卷（每人每案一次，重复调用结果相同；不发红包）' })
  join(@CurrentUser() user: AuthUser, @Param('id', caseId) id: number): Promise<MeTooResultDto> {
    return this.meToo.meToo(user, id);
  }

  @Get('me-too/mine')
  @ApiOperation({ summary: '我关注的案卷（点过“我也遇到”的，新的在前，分页）' })
  mine(@CurrentUser() user: AuthUser, @Query() q: PageQueryDto): Promise<Page<FollowedCaseDto>> {
    return this.meToo.mine(user, q.page, q.pageSize);
  }

  @Get('me-too/mine/:id')
  @ApiOperation({ summary: '我关注的一个案卷：状态、地址与居民可见的处理进展' })
  one(@CurrentUser() user: AuthUser, @Param('id', caseId) id: number): Promise<FollowedCaseDetailDto> {
    return this.meToo.followed(user, id);
  }
}
