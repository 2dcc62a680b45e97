import { Empty } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { bboxOf, contains, projector, rings, type GeoCollection, type GeoFeature, type Position } from '../lib/geo';

let gridsCache: Promise<GeoCollection> | null = null;
export function loadGrids(): Promise<GeoCollection> {
  gridsCache ??= api.get<GeoCollection>('/grids').catch((e) => {
    gridsCache = null;
    throw e;
  });
  return gridsCache;
}

export function resetGrids() {
  gridsCache = null;
}

export function useGrids() {
  const [grids, setGrids] = useState<GeoCollection | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    loadGrids().then(setGrids, setError);
  }, []);
  return { grids, error };
}

export interface MapPoint {
  lat: number;
  lng: number;
  color?: string;
  label?: string;
}

/** The case's grid and its neighbours drawn as SVG with the case (and other points) on top. No online tiles. */
export function GridMap({
  points,
  gridId,
  width = 420,
  height = 300,
}: {
  points: MapPoint[];
  gridId?: number | null;
  width?: number;
  height?: number;
}) {
  const { grids, error } = useGrids();
  if (error) return <Empty description="网格地图加载失败" />;
  if (!grids) return <div style={{ width, height, background: '#f5f5f5' }} />;
  const main = points[0];
  const home: GeoFeature | undefined =
    grids.features.find((f) => gridId != null && f.properties.id === gridId) ??
    (main ? grids.features.find((f) => contains(f, [main.lng, main.lat])) : undefined);
  const focus = home
    ? bboxOf(
        [home],
        points.map((p) => [p.lng, p.lat] as Position),
      )
    : bboxOf(
        grids.features,
        points.map((p) => [p.lng, p.lat] as Position),
      );
  if (!focus) return <Empty description="没有网格数据" />;
  // Show some context around the grid.
  const m = home ? 0.6 : 0.03;
  const mx = (focus.maxX - focus.minX) * m + 0.0005;
  const my = (focus.maxY - focus.minY) * m + 0.0005;
  const view = { minX: focus.minX - mx, minY: focus.minY - my, maxX: focus.maxX + mx, maxY: focus.maxY + my };
  const p = projector(view, width, height, 4);
  const path = (f: GeoFeature) =>
    rings(f)
      .map(
        (r) =>
          'M' +
          r
            .map((pt) =>
              p(pt)
                .map((n) => n.toFixed(1))
                .join(','),
            )
            .join('L') +
          'Z',
      )
      .join(' ');
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      style={{
        width: '100%',
        maxWidth: width,
        height: 'auto',
        display: 'block',
        background: '#eef3f7',
        border: '1px solid #d9d9d9',
        borderRadius: 6,
      }}
      role="img"
      aria-label={`网格地图${home ? `：${home.properties.name}` : ''}`}
    >
      {grids.features.map((f) => (
        <path
          key={f.properties.id}
          d={path(f)}
          fill={f === home ? '#bae0ff' : '#fafafa'}
          stroke={f === home ? '#1677ff' : '#bfbfbf'}
          strokeWidth={f === home ? 2 : 1}
        />
      ))}
      {home && (
        <text x={8} y={18} fontSize={13} fill="#1677ff">
          {home.properties.name}
        </text>
      )}
      {points.map((pt, i) => {
        const [x, y] = p([pt.lng, pt.lat]);
        return (
          <g key={i}>
            <circle cx={x} cy={y} r={i === 0 ? 7 : 5} fill={pt.color ?? (i === 0 ? '#f5222d' : '#fa8c16')} stroke="#fff" strokeWidth={2} />
            {pt.label && (
              <text x={x + 8} y={y + 4} fontSize={12}>
                {pt.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
