import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import type { MonitoringPointDto } from '@sansui/shared';
import { PageShell } from '../../components/PageShell';
import { distanceM, type Point } from '../../lib/geo';
import { platform } from '../../platform';
import { staffApi } from '../api';
import { ListStatus } from '../components/ListStatus';
import { useShownData } from '../components/useShownData';
import { byDistance, cleanText, monitoringPlace } from '../lib/monitoring';
import { distanceText } from '../lib/queue';
import '../staff.scss';

/**
 * 重点监控点位（docs/domain.md §16）：反复出问题的地点，巡查员到场复查。带 roundId 时只列该轮受检区域内的。
 * 每个点位写明地点、问题分类、列入原因、已连续几天无问题、离我多远（有定位时），可以直接在这里记录检查发现。
 */
export default function StaffMonitoringPage() {
  const roundId = Number(useRouter().params.roundId) || undefined;
  const [here, setHere] = useState<Point | null>(null);

  useEffect(() => {
    if (roundId) void Taro.setNavigationBarTitle({ title: '本轮须复查的点位' });
    // 离我多远：只用真实定位，拿不到就不显示
    void platform
      .getLocation()
      .then((l) => l.source === 'gps' && setHere({ lat: l.lat, lng: l.lng }))
      .catch(() => undefined);
  }, [roundId]);

  const { data: items, error } = useShownData(async () => (await staffApi.monitoringPoints(roundId)).items);

  const record = (p: MonitoringPointDto) =>
    void Taro.navigateTo({
      url: `/pkg-staff/findings/index?categoryCode=${encodeURIComponent(p.categoryCode)}&place=${encodeURIComponent(monitoringPlace(p))}`,
    });

  return (
    <PageShell>
      <View className="card muted small" data-testid="monitoring-rules">
        同一地点 90 天内同类问题 3 件以上，或连续两轮检查都发现同类问题，列为重点监控点位，检查时须到场复查；连续 60 天没有新问题自动移出。
      </View>
      <ListStatus
        error={error}
        items={items}
        empty={roundId ? '本轮受检区域内没有重点监控点位。' : '目前没有重点监控点位。'}
        emptyTestId="monitoring-empty"
      />
      {byDistance(items ?? [], here).map((p) => (
        <View key={p.key} className="card" data-testid="monitoring-item" data-point={p.key} data-reason={p.reason}>
          <View className="row between">
            <Text className="queue-title">{p.categoryName}</Text>
            <Text className={`monitoring-reason monitoring-reason--${p.reason}`}>{p.reasonText}</Text>
          </View>
          <View style={{ marginTop: '4px' }} data-testid="monitoring-place">
            {monitoringPlace(p)}
          </View>
          <View className="muted small" data-testid="monitoring-clean">
            {cleanText(p)}
          </View>
          {here ? (
            <View className="muted small" data-testid="monitoring-distance">
              距你{distanceText(distanceM(here, p))}
            </View>
          ) : null}
          <Button
            className="btn btn-ghost btn-block"
            style={{ marginTop: '8px' }}
            onClick={() => record(p)}
            data-testid="monitoring-record"
          >
            在此记录检查发现
          </Button>
        </View>
      ))}
    </PageShell>
  );
}
