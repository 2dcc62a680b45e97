import { View } from '@tarojs/components';
import type { MapTilesDto } from '@sansui/shared';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import type { GridCollection, Point } from '../../lib/geo';
import type { MapMarker, MapViewProps } from './types';

const TONES = { green: '#16a34a', orange: '#f97316', blue: '#0369a1' } as const;
const START_ZOOM = 16;
/** 一张瓦片都没加载出来、却已经失败了这么多张：认为底图不可用（离线、地址配错），退回网格画法 */
const FAILURES_BEFORE_FALLBACK = 2;

const same = (a: Point, b: L.LatLng) => Math.abs(a.lat - b.lat) < 1e-6 && Math.abs(a.lng - b.lng) < 1e-6;
const rounded = (p: L.LatLng): Point => ({ lat: Number(p.lat.toFixed(6)), lng: Number(p.lng.toFixed(6)) });

/**
 * H5 街道底图（Leaflet + 服务端配置的 GCJ-02 瓦片）。坐标本来就是 GCJ-02，直接画在 GCJ-02 瓦片上。
 * 和小程序的原生地图一样：图钉固定在地图中心，拖动地图（或点一下地图、用方向键）来移动位置，停下后回调。
 */
export function TileMap({
  center,
  pin,
  onPinChange,
  markers,
  onMarkerTap,
  grids,
  here,
  height = 240,
  tiles,
  onTilesFailed,
}: MapViewProps & { tiles: MapTilesDto; onTilesFailed: () => void }) {
  const boxRef = useRef<HTMLDivElement | null>(null);
  const mapRef = useRef<L.Map | null>(null);
  const overlays = useRef<L.LayerGroup | null>(null);
  const editable = !!onPinChange && !!pin;
  // 事件处理里读最新的 props（地图只建一次）
  const latest = useRef({ pin, onPinChange, onMarkerTap, onTilesFailed });
  latest.current = { pin, onPinChange, onMarkerTap, onTilesFailed };
  const focus = pin ?? center;

  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const map = L.map(box, {
      center: [focus.lat, focus.lng],
      zoom: START_ZOOM,
      minZoom: 11,
      maxZoom: tiles.maxZoom,
      zoomControl: false,
      attributionControl: true,
    });
    map.attributionControl.setPrefix(false);
    L.control.zoom({ position: 'bottomright', zoomInTitle: '放大地图', zoomOutTitle: '缩小地图' }).addTo(map);
    let loaded = 0;
    let failed = 0;
    L.tileLayer(tiles.urlTemplate, {
      subdomains: tiles.subdomains || 'abc',
      maxZoom: tiles.maxZoom,
      attribution: tiles.attribution,
    })
      .on('tileload', () => {
        loaded++;
        box.dataset.tilesLoaded = String(loaded);
      })
      .on('tileerror', () => {
        failed++;
        if (loaded === 0 && failed >= FAILURES_BEFORE_FALLBACK) latest.current.onTilesFailed();
      })
      .addTo(map);
    overlays.current = L.layerGroup().addTo(map);
    map.on('moveend', () => {
      const { pin: current, onPinChange: report } = latest.current;
      const c = map.getCenter();
      box.dataset.center = `${c.lat.toFixed(6)},${c.lng.toFixed(6)}`;
      box.dataset.zoom = String(map.getZoom());
      if (report && current && !same(current, c)) report(rounded(c));
    });
    // 点一下地图：把图钉（地图中心）移到那里
    map.on('click', (e: L.LeafletMouseEvent) => {
      if (latest.current.onPinChange && latest.current.pin) map.panTo(e.latlng);
    });
    box.dataset.zoom = String(map.getZoom());
    box.dataset.center = `${focus.lat.toFixed(6)},${focus.lng.toFixed(6)}`;
    mapRef.current = map;
    // Taro 的页面切换、大字模式会改变容器尺寸：让 Leaflet 重新量一下
    const resized = new ResizeObserver(() => map.invalidateSize());
    resized.observe(box);
    return () => {
      resized.disconnect();
      map.remove();
      mapRef.current = null;
    };
    // 地图只建一次；中心、图层在下面的 effect 里跟着 props 变
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tiles]);

  // 外面换了位置（重新定位、选了附近的点）：地图跟过去，不触发回调
  const { lat: focusLat, lng: focusLng } = focus;
  useEffect(() => {
    const map = mapRef.current;
    if (map && !same({ lat: focusLat, lng: focusLng }, map.getCenter()))
      map.setView([focusLat, focusLng], map.getZoom(), { animate: false });
  }, [focusLat, focusLng]);

  useEffect(() => {
    const group = overlays.current;
    if (!group) return;
    group.clearLayers();
    drawGrids(group, grids);
    for (const m of markers ?? []) drawMarker(group, m, (id) => latest.current.onMarkerTap?.(id));
    if (here) drawHere(group, here);
  }, [grids, markers, here]);

  return (
    <View className="map-wrap" style={{ height: `${height}px` }} data-testid="map" data-map-mode="tiles">
      <div
        ref={boxRef}
        className="map-tiles"
        data-testid="map-tiles"
        role="region"
        aria-label={
          editable
            ? '地图：街道、服务区网格和问题位置图钉。拖动地图、点一下地图或用方向键，让中间的图钉对准问题位置'
            : '地图：街道、服务区网格和附近的问题'
        }
        style={{ width: '100%', height: '100%' }}
      />
      {editable ? (
        <>
          <View className="map-pin-css" data-testid="map-pin" />
          <View className="map-hint">拖动地图，让红点对准问题位置</View>
        </>
      ) : null}
    </View>
  );
}

function drawGrids(group: L.LayerGroup, grids: GridCollection | null | undefined) {
  if (!grids) return;
  L.geoJSON(grids as unknown as GeoJSON.GeoJsonObject, {
    interactive: false,
    style: { color: '#15803d', weight: 2, opacity: 0.8, fillColor: '#16a34a', fillOpacity: 0.06 },
  }).addTo(group);
}

function drawMarker(group: L.LayerGroup, m: MapMarker, onTap: (id: number) => void) {
  const dot = L.circleMarker([m.lat, m.lng], { radius: 8, color: '#fff', weight: 2, fillColor: TONES[m.tone], fillOpacity: 1 })
    .on('click', () => onTap(m.id))
    .addTo(group);
  if (m.title) dot.bindTooltip(m.title);
  dot.getElement()?.setAttribute('data-testid', 'map-marker');
}

function drawHere(group: L.LayerGroup, here: Point) {
  L.circleMarker([here.lat, here.lng], { radius: 14, stroke: false, fillColor: '#2563eb', fillOpacity: 0.18, interactive: false }).addTo(
    group,
  );
  L.circleMarker([here.lat, here.lng], {
    radius: 6,
    color: '#fff',
    weight: 2,
    fillColor: '#2563eb',
    fillOpacity: 1,
    interactive: false,
  }).addTo(group);
  // A label marker, not a permanent tooltip: a redraw left the old permanent tooltip on the map (two “你在这里”).
  L.marker([here.lat, here.lng], {
    interactive: false,
    keyboard: false,
    icon: L.divIcon({ className: 'map-here-label', html: '你在这里', iconSize: [64, 20], iconAnchor: [32, 30] }),
  }).addTo(group);
}
