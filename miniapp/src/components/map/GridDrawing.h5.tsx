import { View } from '@tarojs/components';
import { useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import { featurePolygons, type Point } from '../../lib/geo';
import type { MapViewProps } from './types';
import { Pressable } from '../../platform/Pressable';

/**
 * H5 地图的网格画法（没有配置街道底图、或底图加载不出来时）：用 SVG 画出服务区网格（GET /grids 的 GeoJSON），
 * 图钉可以拖动或点按放置，键盘用方向键挪动。坐标用以中心点为原点的平面近似（米）。
 */
const M_PER_DEG_LAT = 110540;
const M_PER_DEG_LNG_EQ = 111320;
const TONES = { green: '#16a34a', orange: '#f97316', blue: '#0369a1' } as const;
const ARROWS: Record<string, [number, number] | undefined> = {
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
};

export function GridDrawing({
  center,
  pin,
  onPinChange,
  markers,
  onMarkerTap,
  grids,
  here,
  height = 240,
  notice,
}: MapViewProps & { notice?: string }) {
  const [span, setSpan] = useState(1600); // 可视宽度（米）
  const [dragPin, setDragPin] = useState<Point | null>(null);
  const svgRef = useRef<SVGSVGElement | null>(null);
  const dragging = useRef(false);
  const kx = M_PER_DEG_LNG_EQ * Math.cos((center.lat * Math.PI) / 180);
  const aspect = 375 / height;
  const w = span;
  const h = span / aspect;

  const toXY = (p: Point) => [(p.lng - center.lng) * kx, -(p.lat - center.lat) * M_PER_DEG_LAT] as const;
  const toLatLng = (x: number, y: number): Point => ({
    lat: Number((center.lat - y / M_PER_DEG_LAT).toFixed(6)),
    lng: Number((center.lng + x / kx).toFixed(6)),
  });

  const polygons = useMemo(() => {
    if (!grids) return [];
    return grids.features.flatMap((f) =>
      featurePolygons(f).map((poly, i) => ({
        key: `${f.properties.id}-${i}`,
        name: f.properties.name,
        d: poly
          .map(
            (ring) =>
              ring
                .map(
                  ([lng, lat], j) =>
                    `${j ? 'L' : 'M'}${((lng - center.lng) * kx).toFixed(1)},${(-(lat - center.lat) * M_PER_DEG_LAT).toFixed(1)}`,
                )
                .join(' ') + 'Z',
          )
          .join(' '),
        label: (() => {
          const ring = poly[0];
          const lng = ring.reduce((s, c) => s + c[0], 0) / ring.length;
          const lat = ring.reduce((s, c) => s + c[1], 0) / ring.length;
          return [(lng - center.lng) * kx, -(lat - center.lat) * M_PER_DEG_LAT];
        })(),
      })),
    );
  }, [grids, center.lat, center.lng, kx]);

  const eventPoint = (e: ReactPointerEvent<SVGSVGElement>): Point | null => {
    const svg = svgRef.current;
    if (!svg) return null;
    const r = svg.getBoundingClientRect();
    const x = ((e.clientX - r.left) / r.width) * w - w / 2;
    const y = ((e.clientY - r.top) / r.height) * h - h / 2;
    return toLatLng(x, y);
  };

  const editable = !!onPinChange && !!pin;
  const shownPin = dragPin ?? pin;

  const onDown = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (!editable) return;
    dragging.current = true;
    (e.target as Element).setPointerCapture?.(e.pointerId);
    setDragPin(eventPoint(e));
  };
  const onMove = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (!dragging.current) return;
    setDragPin(eventPoint(e));
  };
  const onUp = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (!dragging.current) return;
    dragging.current = false;
    const p = eventPoint(e) ?? dragPin;
    setDragPin(null);
    if (p && onPinChange) onPinChange(p);
  };

  /** 方向键：图钉挪一步（可视宽度的 1/16，默认 100 米），和拖动一样报告新位置 */
  const onKey = (e: ReactKeyboardEvent<SVGSVGElement>) => {
    const dir = ARROWS[e.key];
    if (!editable || !dir || !pin || !onPinChange) return;
    e.preventDefault();
    const [x, y] = toXY(pin);
    onPinChange(toLatLng(x + (dir[0] * span) / 16, y + (dir[1] * span) / 16));
  };

  const gridStep = span > 3000 ? 500 : span > 1200 ? 200 : 100;
  const lines: number[] = [];
  for (let v = -Math.ceil(w / 2 / gridStep) * gridStep; v <= w / 2; v += gridStep) lines.push(v);

  const [px, py] = shownPin ? toXY(shownPin) : [0, 0];
  // 图钉在屏幕上约 40px 高，不随缩放变化
  const pinScale = (span / 375) * (40 / 56);

  return (
    <View className="map-wrap" style={{ height: `${height}px` }} data-testid="map" data-map-mode="grid">
      <svg
        ref={svgRef}
        viewBox={`${-w / 2} ${-h / 2} ${w} ${h}`}
        width="100%"
        height="100%"
        style={{ touchAction: 'none', display: 'block', cursor: editable ? 'crosshair' : 'default' }}
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={onUp}
        onKeyDown={onKey}
        tabIndex={editable ? 0 : undefined}
        data-testid="map-svg"
        role={editable ? 'application' : 'img'}
        aria-label={editable ? '地图：服务区网格和问题位置图钉，点按地图或按方向键移动图钉' : '地图：服务区网格和附近的问题'}
      >
        <rect x={-w / 2} y={-h / 2} width={w} height={h} fill="#eef3ee" />
        {lines.map((v) => (
          <line key={`v${v}`} x1={v} y1={-h / 2} x2={v} y2={h / 2} stroke="#dfe7df" strokeWidth={w / 600} />
        ))}
        {lines.map((v) => (
          <line key={`h${v}`} x1={-w / 2} y1={v} x2={w / 2} y2={v} stroke="#dfe7df" strokeWidth={w / 600} />
        ))}
        {polygons.map((p) => (
          <g key={p.key}>
            <path d={p.d} fill="rgba(22,163,74,0.10)" stroke="#16a34a" strokeWidth={w / 400} fillRule="evenodd" />
            <text x={p.label[0]} y={p.label[1]} fontSize={w / 32} fill="#15803d" textAnchor="middle" opacity={0.8}>
              {p.name}
            </text>
          </g>
        ))}
        {(markers ?? []).map((m) => {
          const [mx, my] = toXY(m);
          return (
            <circle
              key={m.id}
              cx={mx}
              cy={my}
              r={w / 70}
              fill={TONES[m.tone]}
              stroke="#fff"
              strokeWidth={w / 400}
              onClick={() => onMarkerTap?.(m.id)}
              data-testid="map-marker"
            >
              {m.title ? <title>{m.title}</title> : null}
            </circle>
          );
        })}
        {here ? (
          <g data-testid="map-here" pointerEvents="none">
            <circle cx={toXY(here)[0]} cy={toXY(here)[1]} r={w / 45} fill="rgba(37,99,235,0.18)" />
            <circle cx={toXY(here)[0]} cy={toXY(here)[1]} r={w / 110} fill="#2563eb" stroke="#fff" strokeWidth={w / 300} />
            <text x={toXY(here)[0]} y={toXY(here)[1] - w / 35} fontSize={w / 28} fill="#1e3a8a" textAnchor="middle" fontWeight={600}>
              你在这里
            </text>
          </g>
        ) : null}
        {shownPin ? (
          <g transform={`translate(${px},${py}) scale(${pinScale})`} data-testid="map-pin" pointerEvents="none">
            <ellipse cx={0} cy={0} rx={14} ry={5} fill="rgba(0,0,0,0.2)" />
            <path d="M0,0 C-10,-22 -26,-30 -26,-50 A26,26 0 1 1 26,-50 C26,-30 10,-22 0,0 Z" fill="#ef4444" stroke="#fff" strokeWidth={3} />
            <circle cx={0} cy={-50} r={9} fill="#fff" />
          </g>
        ) : null}
      </svg>
      <View className="map-zoom">
        <Pressable className="map-zoom-btn" label="放大地图" onClick={() => setSpan((s) => Math.max(400, s / 2))}>
          ＋
        </Pressable>
        <Pressable className="map-zoom-btn" label="缩小地图" onClick={() => setSpan((s) => Math.min(12800, s * 2))}>
          －
        </Pressable>
      </View>
      {editable ? <View className="map-hint">按住图钉所在处拖动，或点一下地图放置</View> : null}
      {notice ? (
        <View className="map-notice" data-testid="map-tiles-failed">
          {notice}
        </View>
      ) : null}
    </View>
  );
}
