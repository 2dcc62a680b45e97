import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { CampaignStatsDto, CurrentCampaignDto } from '@sansui/shared';
import { Public } from '../common/auth/decorators';
import { CampaignStatsService } from './campaign-stats.service';

class CurrentCampaignResponse implements CurrentCampaignDto {
  @ApiProperty() id: number;
  @ApiProperty({ description: '活动名称' }) name: string;
  @ApiProperty({ description: '开始时间（ISO 8601）' }) startsAt: string;
  @ApiProperty({ description: '结束时间（ISO 8601）' }) endsAt: string;
  @ApiProperty({ enum: ['accepted', 'closed'], description: '随手拍何时发红包：受理后或办结后（随手捡：核查通过后）' }) snapTrigger:
    'accepted' | 'closed';
  @ApiProperty({ type: Number, nullable: true, description: '每人每天最多几个红包；null 为不限' }) dailyCountCap: number | null;
}

class CampaignStatsResponse implements CampaignStatsDto {
  @ApiProperty({ description: '提交过上报的居民人数' }) residents: number;
  @ApiProperty({ description: '上报附带的照片数' }) photos: number;
  @ApiProperty({ description: '上报数' }) reports: number;
  @ApiProperty({ description: '已结案的案卷数' }) casesClosed: number;
  @ApiProperty({ description: '已发放的红包金额（分）' }) rewardsPaidFen: number;
  @ApiProperty({ description: '正在进行的活动（启用且当前在起止时间内）；没有时为 null', type: CurrentCampaignResponse, nullable: true })
  currentCampaign: CurrentCampaignResponse | null;
}

@ApiTags('stats')
@Controller('stats')
export class CampaignController {
  constructor(private readonly stats: CampaignStatsService) {}

  @Get('campaign')
  @Public()
  @ApiOperation({ summary: '活动总览（公开）：参与居民、收到照片、上报、结案、红包发放，以及当前活动' })
  @ApiOkResponse({ type: CampaignStatsResponse })
  campaign() {
    return this.stats.campaign();
  }
}
