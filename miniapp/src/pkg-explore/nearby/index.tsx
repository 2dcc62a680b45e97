import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import type { CategoryDto, NearbyReportDto } from '@sansui/shared';
import { api, errorMessage } from '../../api';
import { MapView } from '../../components/map/MapView';
import type { MapMarker } from '../../components/map/types';
import { PageShell } from '../../components/PageShell';
import { StatusChip } from '../../components/StatusChip';
import { timeAgo } from '../../lib/format';
import { distanceM, type GridCollection, type Point } from '../../lib/geo';
import { caseChip } from '../../lib/status';
import { platform } from '../../platform';
import { categoryName, loadCategories } from '../../services/categories';

/** 附近的公开上报（位置已粗化），看看身边的问题处理得怎么样 */
export default function Nearby() {
  const [center, setCenter] = useState<Point | null>(null);
  const [items, setItems] = useState<NearbyReportDto[] | null>(null);
  const [grids, setGrids] = useState<GridCollection | null>(null);
  const [cats, setCats] = useState<CategoryDto[]>([]);
  const [error, setError] = useState('');
  const [selected, setSelected] = useState<number | null>(null);

  const load = async () => {
    setError('');
    try {
      const ok = await platform.privacy.ensure();
      const loc = ok ? await platform.getLocation() : null;
      const c = loc ? { lat: loc.lat, lng: loc.lng } : { lat: 30.2741, lng: 120.1551 };
      setCenter(c);
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
    tone: r.status === 'closed' ? 'green' : r.status === 'submitted' ? 'orange' : 'blue',
    title: categoryName(r.categoryCode, cats),
  }));

  const list = [...(items ?? [])].sort((a, b) => (selected === a.caseId ? -1 : selected === b.caseId ? 1 : 0));

  return (
    <PageShell>
      <View className="card">
        {center ? (
          <MapView center={center} markers={markers} grids={grids} onMarkerTap={setSelected} height={260} />
        ) : (
          <View className="muted">正在定位…</View>
        )}
        <View className="row muted small" style={{ gap: '12px', marginTop: '6px' }}>
          <Text>
            <Text style={{ color: '#f97316' }}>●</Text> 待受理
          </Text>
          <Text>
            <Text style={{ color: '#0369a1' }}>●</Text> 处理中
          </Text>
          <Text>
            <Text style={{ color: '#16a34a' }}>●</Text> 已解决
          </Text>
        </View>
        <View className="muted small">为保护隐私，位置只显示大概范围。</View>
      </View>

      {list.map((r) => {
        const chip = caseChip(r.status);
        return (
          <View className={`list-item ${selected === r.caseId ? 'list-item--on' : ''}`} key={r.caseId} data-testid="nearby-item">
            <View className="list-main">
              <View className="row between">
                <Text className="list-title">{categoryName(r.categoryCode, cats)}</Text>
                <StatusChip {...chip} />
              </View>
              {r.statusText ? <View className="small">{r.statusText}</View> : null}
              <View className="muted">
                {timeAgo(r.createdAt)}
                {center ? ` · 约 ${Math.max(50, Math.round(distanceM(center, r.location) / 50) * 50)} 米` : ''}
              </View>
            </View>
          </View>
        );
      })}

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
