import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import type { CategoryDto, NearbyReportDto } from '@sansui/shared';
import { api, errorMessage } from '../../api';
import { MapView } from '../../components/map/MapView';
import type { MapMarker } from '../../components/map/types';
import { PageShell } from '../../components/PageShell';
import { NearbyCaseCard } from '../../components/NearbyCaseCard';
import type { GridCollection, Point } from '../../lib/geo';
import { platform } from '../../platform';
import { categoryName, loadCategories } from '../../services/categories';

/** 地图标记的颜色与列表徽标一致：待受理 = 橙，已受理/处理中/待核查 = 蓝，已解决 = 绿 */
function markerTone(status: NearbyReportDto['status']): MapMarker['tone'] {
  if (status === 'closed') return 'green';
  if (status === 'submitted') return 'orange';
  return 'blue';
}

const LEGEND = [
  { color: '#f97316', label: '待受理' },
  { color: '#0369a1', label: '已受理 / 处理中 / 待核查' },
  { color: '#16a34a', label: '已解决' },
];

/** 附近的公开上报（位置已粗化），看看身边的问题处理得怎么样；仍在处理的可以点“我也遇到” */
export default function Nearby() {
  const [center, setCenter] = useState<Point | null>(null);
  const [items, setItems] = useState<NearbyReportDto[] | null>(null);
  const [grids, setGrids] = useState<GridCollection | null>(null);
  const [cats, setCats] = useState<CategoryDto[]>([]);
  const [error, setError] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  const [here, setHere] = useState<Point | null>(null);
  const [joined, setJoined] = useState<Record<number, boolean>>({});
  const [joining, setJoining] = useState<number | null>(null);

  const meToo = async (caseId: number) => {
    setJoining(caseId);
    try {
      const res = await api.meToo(caseId);
      setJoined((j) => ({ ...j, [caseId]: true }));
      setItems((list) => (list ?? []).map((n) => (n.caseId === caseId ? { ...n, meTooCount: res.meTooCount } : n)));
      void Taro.showToast({ title: '已关注，有进展会通知你', icon: 'none' });
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' });
    } finally {
      setJoining(null);
    }
  };

  const load = async () => {
    setError('');
    try {
      const ok = await platform.privacy.ensure();
      const loc = ok ? await platform.getLocation() : null;
      const c = loc ? { lat: loc.lat, lng: loc.lng } : { lat: 30.2741, lng: 120.1551 };
      setCenter(c);
      setHere(loc ? c : null);
      setItems(await api.nearby(c.lat, c.lng));
    } catch (err) {
      setError(errorMessage(err));
      setItems([]);
    }
  };

  useDidShow(() => {
    void loadCategories().then(setCats);
    api
      .grids()
      .then(setGrids)
      .catch(() => undefined);
    void load();
  });

  const markers: MapMarker[] = (items ?? []).map((r) => ({
    id: r.caseId,
    lat: r.location.lat,
    lng: r.location.lng,
    tone: markerTone(r.status),
    title: categoryName(r.categoryCode, cats),
  }));

  const list = [...(items ?? [])].sort((a, b) => (selected === a.caseId ? -1 : selected === b.caseId ? 1 : 0));

  return (
    <PageShell>
      <View className="card">
        {center ? (
          <MapView center={center} markers={markers} grids={grids} here={here} onMarkerTap={setSelected} height={260} />
        ) : (
          <View className="muted">正在定位…</View>
        )}
        <View className="row small legend" style={{ gap: '12px', marginTop: '6px', flexWrap: 'wrap' }} data-testid="nearby-legend">
          {LEGEND.map((l) => (
            <Text key={l.label}>
              <Text style={{ color: l.color }} aria-hidden>
                ●
              </Text>{' '}
              {l.label}
            </Text>
          ))}
          {here ? (
            <Text>
              <Text style={{ color: '#2563eb' }} aria-hidden>
                ◉
              </Text>{' '}
              你在这里
            </Text>
          ) : null}
        </View>
        <View className="muted small">为保护隐私，位置只显示大概范围。</View>
      </View>

      {list.map((r) => (
        <NearbyCaseCard
          key={r.caseId}
          item={r}
          categoryName={categoryName(r.categoryCode, cats)}
          selected={selected === r.caseId}
          joined={!!joined[r.caseId]}
          busy={joining === r.caseId}
          onMeToo={() => void meToo(r.caseId)}
        />
      ))}

      {items && items.length === 0 && !error ? (
        <View className="empty" data-testid="nearby-empty">
          <View>附近暂时没有公开的问题</View>
          <View className="muted">看到脏乱差，随手拍一下吧</View>
          <Button
            className="btn btn-primary"
            style={{ marginTop: '16px' }}
            onClick={() => void Taro.navigateTo({ url: '/pkg-report/snap/index' })}
          >
            去随手拍
          </Button>
        </View>
      ) : null}
      {error ? (
        <View className="empty">
          <View>{error}</View>
          <Button className="btn btn-ghost" style={{ marginTop: '12px' }} onClick={() => void load()}>
            重试
          </Button>
        </View>
      ) : null}
    </PageShell>
  );
}
