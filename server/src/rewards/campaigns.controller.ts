import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { CampaignsService } from './campaigns.service';
import { CreateCampaignDto, UpdateCampaignDto } from './dto/campaign.dto';

@ApiTags('红包活动')
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Get()
  @Roles('admin', 'auditor', 'dispatcher')
  @ApiOperation({ summary: '红包活动列表' })
  list() {
    return this.campaigns.list();
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: '新建红包活动（预算、上限、分类金额、触发条件）' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateCampaignDto) {
    return this.campaigns.create(user, dto);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: '修改红包活动' })
  update(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: UpdateCampaignDto) {
    return this.campaigns.update(user, id, dto);
  }
}
