import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import type { CampaignStatsDto, CurrentCampaignDto } from '@sansui/shared';
import { api } from '../../api';
import { PageShell } from '../../components/PageShell';
import { formatCount, formatDate, formatFen } from '../../lib/format';
import './index.scss';
import { Pressable } from '../../platform/Pressable';

/** 活动规则，两行说完：怎么参与；什么时候发红包、每天最多几个（按当前活动的设置） */
export function campaignRules(c: CurrentCampaignDto | null | undefined): [string, string] {
  const join = '看到脏乱差就随手拍，自己清理了就随手捡。';
  if (!c) return [join, '有红包活动时，核实后发微信红包。'];
  const when = c.snapTrigger === 'closed' ? '办结后' : '受理后';
  return [join, c.dailyCountCap ? `${when}发红包，每人每天最多 ${c.dailyCountCap} 个。` : `${when}发微信红包，在“我的红包”领取。`];
}

const go = (url: string) => () => void Taro.navigateTo({ url });

export default function Home() {
  const [stats, setStats] = useState<CampaignStatsDto | null>(null);
  const [failed, setFailed] = useState(false);

  const load = async () => {
    try {
      setStats(await api.campaignStats());
      setFailed(false);
    } catch {
      setFailed(true);
    } finally {
      Taro.stopPullDownRefresh();
    }
  };

  useDidShow(() => void load());
  usePullDownRefresh(() => void load());

  return (
    <PageShell className="home">
      <View className="hero">
        <View className="hero-title">三随 · 共建卫生城市</View>
        {stats ? (
          <View className="hero-dates" data-testid="current-campaign">
            {campaignText(stats.currentCampaign)}
          </View>
        ) : null}
        <View className="hero-rules" data-testid="campaign-rules">
          {campaignRules(stats?.currentCampaign).map((line) => (
            <View key={line}>{line}</View>
          ))}
        </View>
      </View>

      <View className="stats card" data-testid="campaign-stats">
        <Stat label="参与人数" value={formatCount(stats?.residents)} />
        <Stat label="收到照片" value={formatCount(stats?.photos)} />
        <Stat label="已处理" value={formatCount(stats?.casesClosed)} />
        <Stat label="已发红包" value={stats ? formatFen(stats.rewardsPaidFen) : '—'} testId="stat-rewards-paid" />
      </View>
      {failed ? <View className="muted center">数据暂时没加载出来，下拉可刷新</View> : null}

      <View className="actions">
        <Button className="action action--snap" data-testid="go-snap" onClick={go('/pkg-report/snap/index')}>
          <Text className="action-title">随手拍</Text>
          <Text className="action-sub">拍下问题，我们来处理</Text>
        </Button>
        <Button className="action action--pickup" data-testid="go-pickup" onClick={go('/pkg-report/pickup/index')}>
          <Text className="action-title">随手捡</Text>
          <Text className="action-sub">顺手清理，拍前后对比</Text>
        </Button>
      </View>

      <View className="entries card">
        <Entry icon="单" label="我的上报" onClick={go('/pkg-mine/reports/index')} testid="go-reports" />
        <Entry icon="¥" label="我的红包" onClick={go('/pkg-mine/rewards/index')} testid="go-rewards" />
        <Entry icon="附" label="附近问题" onClick={go('/pkg-explore/nearby/index')} testid="go-nearby" />
        <Entry icon="我" label="我的" onClick={go('/pkg-user/me/index')} testid="go-me" />
      </View>
    </PageShell>
  );
}

/** 当前活动：名称（开始—结束，北京时间日期）；没有进行中的活动时如实说明 */
function campaignText(c: CurrentCampaignDto | null | undefined): string {
  if (!c) return '暂无进行中的活动';
  return `当前活动：${c.name}（${formatDate(c.startsAt)}—${formatDate(c.endsAt)}）`;
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <View className="stat">
      <View className="stat-value" data-testid={testId}>
        {value}
      </View>
      <View className="stat-label">{label}</View>
    </View>
  );
}

function Entry({ icon, label, onClick, testid }: { icon: string; label: string; onClick: () => void; testid: string }) {
  return (
    <Pressable className="entry" onClick={onClick} data-testid={testid}>
      <View className="entry-icon" aria-hidden>
        {icon}
      </View>
      <View className="entry-label">{label}</View>
    </Pressable>
  );
}
