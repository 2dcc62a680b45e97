import { Map, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMemo, useRef } from 'react';
import { featurePolygons } from '../../lib/geo';
import type { MapViewProps } from './types';

/** 构建时从 src/assets/markers 复制到包内（见 config/index.ts 的 copy） */
const ICONS = {
  green: '/assets/markers/marker-green.png',
  orange: '/assets/markers/marker-orange.png',
  blue: '/assets/markers/marker-blue.png',
} as const;
let seq = 0;

/**
 * 小程序地图：微信 <Map>（GCJ-02）。图钉固定在地图中心，拖动地图来移动位置，
 * 停下后用 MapContext.getCenterLocation 取中心点。“你在这里”由原生 showLocation 画出。
 */
export function MapView({ center, pin, onPinChange, markers, onMarkerTap, grids, height = 240 }: MapViewProps) {
  const id = useRef(`sansui-map-${++seq}`).current;
  const editable = !!onPinChange && !!pin;
  const focus = pin ?? center;

  const polygons = useMemo(
    () =>
      (grids?.features ?? []).flatMap((f) =>
        featurePolygons(f).map((poly) => ({
          points: poly[0].map(([lng, lat]) => ({ latitude: lat, longitude: lng })),
          strokeWidth: 1,
          strokeColor: '#16a34aAA',
          fillColor: '#16a34a18',
        })),
      ),
    [grids],
  );

  const mapMarkers = useMemo(
    () =>
      (markers ?? []).map((m) => ({
        id: m.id,
        latitude: m.lat,
        longitude: m.lng,
        iconPath: ICONS[m.tone],
        width: 22,
        height: 22,
        title: m.title,
      })),
    [markers],
  );

  const onRegionChange = (e: { type?: string; detail?: { type?: string; causedBy?: string } }) => {
    const ended = e.type === 'end' || e.detail?.type === 'end';
    if (!editable || !ended) return;
    void Taro.createMapContext(id).getCenterLocation({
      success: (res) => onPinChange?.({ lat: Number(res.latitude.toFixed(6)), lng: Number(res.longitude.toFixed(6)) }),
    });
  };

  return (
    <View className="map-wrap" style={{ height: `${height}px` }}>
      <Map
        id={id}
        className="map"
        style={{ height: `${height}px` }}
        latitude={focus.lat}
        longitude={focus.lng}
        scale={16}
        showLocation
        markers={mapMarkers as never}
        polygons={polygons as never}
        onMarkerTap={(e) => onMarkerTap?.(Number((e.detail as { markerId?: number }).markerId))}
        onRegionChange={onRegionChange as never}
        onError={() => undefined}
      />
      {editable ? (
        <>
          <View className="map-pin-css" />
          <View className="map-hint">拖动地图，让红点对准问题位置</View>
        </>
      ) : null}
    </View>
  );
}
