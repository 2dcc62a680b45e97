import { Empty } from 'antd';
import L from 'leaflet';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import { bboxOf, contains, projector, rings, type Bbox, type GeoCollection, type GeoFeature, type Position } from '../lib/geo';
import { TileMap, useMapTiles } from './TileMap';

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

/**
 * The case's grid and its neighbours with the case (and other points) on top: on the street tiles when the
 * server has a tile source (GET /geo/map-config), else (or when the tiles cannot be loaded) drawn as SVG.
 */
export function GridMap({
  points,
  gridId,
  width = 420,
  height = 300,
  whole = false,
}: {
  points: MapPoint[];
  gridId?: number | null;
  width?: number;
  height?: number;
  /** Show every grid with the points on them, no grid singled out (a city-wide map). */
  whole?: boolean;
}) {
  const { grids, error } = useGrids();
  const tiles = useMapTiles();
  const [tilesFailed, setTilesFailed] = useState(false);
  if (error) return <Empty description="网格地图加载失败" />;
  if (!grids || tiles === undefined) return <div style={{ width, height, background: '#f5f5f5' }} />;
  const main = whole ? undefined : points[0];
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
  if (tiles && !tilesFailed)
    return (
      <GridTileMap
        tiles={tiles}
        grids={grids}
        home={home}
        points={points}
        view={view}
        height={height}
        onTilesFailed={() => setTilesFailed(true)}
      />
    );
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

function GridTileMap({
  tiles,
  grids,
  home,
  points,
  view,
  height,
  onTilesFailed,
}: {
  tiles: NonNullable<ReturnType<typeof useMapTiles>>;
  grids: GeoCollection;
  home: GeoFeature | undefined;
  points: MapPoint[];
  view: Bbox;
  height: number;
  onTilesFailed: () => void;
}) {
  const key = JSON.stringify(points);
  const draw = useCallback(
    (layer: L.LayerGroup) => {
      for (const f of grids.features) {
        const own = f === home;
        L.geoJSON(f as unknown as GeoJSON.Feature, {
          interactive: false,
          style: { color: own ? '#1677ff' : '#595959', weight: own ? 3 : 1, fillColor: '#1677ff', fillOpacity: own ? 0.12 : 0 },
        }).addTo(layer);
      }
      points.forEach((pt, i) => {
        L.circleMarker([pt.lat, pt.lng], {
          radius: i === 0 ? 8 : 6,
          color: '#fff',
          weight: 2,
          fillColor: pt.color ?? (i === 0 ? '#f5222d' : '#fa8c16'),
          fillOpacity: 1,
        }).addTo(layer);
        // A label marker, not a permanent tooltip: Leaflet leaves a circle marker's permanent tooltip on the map
        // when the layer group is cleared, so each redraw with other points would add a label.
        if (pt.label)
          L.marker([pt.lat, pt.lng], {
            interactive: false,
            keyboard: false,
            icon: L.divIcon({ className: 'map-point-label', html: escapeHtml(pt.label), iconSize: undefined, iconAnchor: [-10, 10] }),
          }).addTo(layer);
      });
    },
    // points are compared by value: callers build a new array on every render
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [grids, home, key],
  );
  return (
    <TileMap
      tiles={tiles}
      bounds={view}
      draw={draw}
      height={height}
      label={`网格地图${home ? `：${home.properties.name}` : ''}（街道底图）`}
      onTilesFailed={onTilesFailed}
    />
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
