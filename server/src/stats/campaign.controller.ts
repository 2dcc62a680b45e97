import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { CampaignStatsDto } from '@sansui/shared';
import { Public } from '../common/auth/decorators';
import { CampaignStatsService } from './campaign-stats.service';

class CampaignStatsResponse implements CampaignStatsDto {
  @ApiProperty({ description: '提交过上报的居民人数' }) residents: number;
  @ApiProperty({ description: '上报附带的照片数' }) photos: number;
  @ApiProperty({ description: '上报数' }) reports: number;
  @ApiProperty({ description: '已结案的案卷数' }) casesClosed: number;
  @ApiProperty({ description: '已发放的红包金额（分）' }) rewardsPaidFen: number;
}

@ApiTags('stats')
@Controller('stats')
export class CampaignController {
  constructor(private readonly stats: CampaignStatsService) {}

  @Get('campaign')
  @Public()
  @ApiOperation({ summary: '活动总览（公开）：参与居民、收到照片、上报、结案、红包发放' })
  @ApiOkResponse({ type: CampaignStatsResponse })
  campaign() {
    return this.stats.campaign();
  }
}
