import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import type { ChecklistItemDto, RoundSummaryDto } from '@sansui/shared';
import { errorMessage, getSessionUser } from '../../api';
import { PageShell } from '../../components/PageShell';
import { staffApi } from '../api';
import { FindingForm } from '../components/FindingForm';
import { ListStatus } from '../components/ListStatus';
import { itemForCategory } from '../lib/monitoring';
import { recordableRounds } from '../lib/rounds';
import '../staff.scss';
import { Pressable } from '../../platform/Pressable';

/**
 * 检查记录（巡查员、调度员）：检查中的暗访 / 明查轮次里录入检查发现。从重点监控点位进来时（categoryCode、place）
 * 写明在复查哪里，并先选好该问题分类的细则条目；每个轮次可以打开本轮须复查的重点监控点位。
 */
export default function StaffFindingsPage() {
  const params = useRouter().params;
  const revisit = params.place ? decodeURIComponent(params.place) : '';
  const categoryCode = params.categoryCode ? decodeURIComponent(params.categoryCode) : undefined;
  const [rounds, setRounds] = useState<RoundSummaryDto[] | null>(null);
  const [items, setItems] = useState<ChecklistItemDto[]>([]);
  const [toRevisit, setToRevisit] = useState<Record<number, number>>({});
  const [error, setError] = useState('');

  useEffect(() => {
    const user = getSessionUser();
    Promise.all([staffApi.rounds(), staffApi.checklist()])
      .then(([rs, checklist]) => {
        const mine = user ? recordableRounds(rs, user) : [];
        setRounds(mine);
        setItems(checklist.items);
        for (const r of mine)
          staffApi
            .monitoringPoints(r.id)
            .then((m) => setToRevisit((old) => ({ ...old, [r.id]: m.items.length })))
            .catch(() => undefined);
      })
      .catch((err) => setError(errorMessage(err)));
  }, []);

  return (
    <PageShell>
      {revisit ? (
        <View className="card banner-warn" data-testid="finding-revisit">
          复查重点监控点位：{revisit}。到场查看，仍有问题就拍照记录。
        </View>
      ) : null}
      <ListStatus
        error={error}
        items={rounds}
        empty="现在没有安排给你的检查轮次（暗访、明查由调度员在管理后台建立）。"
        emptyTestId="finding-no-round"
      />
      {rounds && rounds.length > 0 ? (
        <View className="card">
          {rounds.map((r) => (
            <Pressable
              key={r.id}
              className="staff-menu-item"
              onClick={() => void Taro.navigateTo({ url: `/pkg-staff/monitoring/index?roundId=${r.id}` })}
              data-testid="finding-round-monitoring"
              data-count={toRevisit[r.id] ?? ''}
            >
              <View>
                <View>本轮须复查的重点监控点位{toRevisit[r.id] !== undefined ? `（${toRevisit[r.id]} 处）` : ''}</View>
                <View className="muted small">{r.name}</View>
              </View>
              <Text className="muted" aria-hidden>
                ›
              </Text>
            </Pressable>
          ))}
        </View>
      ) : null}
      {rounds && rounds.length > 0 && items.length ? (
        <FindingForm rounds={rounds} items={items} initialItemCode={itemForCategory(items, categoryCode)} />
      ) : null}
    </PageShell>
  );
}
