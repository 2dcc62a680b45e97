/**
 * 本地类型：@sansui/shared 里还没有的接口形状（写这些时 shared 正在编写）。
 * shared 补上后改为从 shared 导入并删除这里的定义。
 */
import type { CampaignStatsDto } from '@sansui/shared';

/** /stats/campaign 可能附带的活动信息（契约只保证五个数字） */
export interface CampaignStatsView extends CampaignStatsDto {
  campaign?: { name?: string; startsAt?: string; endsAt?: string; rules?: string };
}
