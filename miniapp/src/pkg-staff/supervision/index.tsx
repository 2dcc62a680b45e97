import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { SUPERVISION_STATE_LABELS } from '@sansui/shared';
import { PageShell } from '../../components/PageShell';
import { staffApi } from '../api';
import { chinaShortTime, SUPERVISION_STATE_CLASS } from '../lib/supervision';
import { ListStatus } from '../components/ListStatus';
import { useShownData } from '../components/useShownData';
import '../staff.scss';
import { Pressable } from '../../platform/Pressable';

/** 督办通知（docs/domain.md §16）：本部门收到的督办，逾期和待回复的在前；点开看问题清单并填写整改回复 */
export default function StaffSupervisionList() {
  const { data: items, error } = useShownData(async () => {
    const rows = await staffApi.supervisionNotices();
    const order = { overdue: 0, awaiting_reply: 1, replied: 2, closed: 3 } as const;
    return [...rows].sort((a, b) => order[a.state] - order[b.state] || b.id - a.id);
  });

  return (
    <PageShell>
      <ListStatus error={error} items={items} empty="本部门没有督办通知" emptyTestId="supervision-empty" />
      {items?.map((n) => (
        <Pressable
          key={n.id}
          className="notice-item"
          data-testid="supervision-item"
          data-notice-id={n.id}
          data-state={n.state}
          onClick={() => void Taro.navigateTo({ url: `/pkg-staff/supervision-detail/index?id=${n.id}` })}
        >
          <View className="row between">
            <Text className={`sv-state ${SUPERVISION_STATE_CLASS[n.state]}`}>{SUPERVISION_STATE_LABELS[n.state]}</Text>
            <Text className="muted small">回复期限 {chinaShortTime(n.deadline)}</Text>
          </View>
          <View className="notice-title">{n.title}</View>
          <View className="muted small">
            {n.caseCount} 件案卷，已办结 {n.closedCaseCount} 件{n.repliedAt ? ` · 已于 ${chinaShortTime(n.repliedAt)} 回复` : ''}
          </View>
        </Pressable>
      ))}
    </PageShell>
  );
}
