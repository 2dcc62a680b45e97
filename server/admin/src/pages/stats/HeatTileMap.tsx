import type { MapTilesDto, MonitoringPointDto } from '@sansui/shared';
import L from 'leaflet';
import { useCallback } from 'react';
import { TileMap } from '../../components/TileMap';
import { bboxOf, type GeoCollection } from '../../lib/geo';
import { pieceOf, type HeatPiece } from '../../lib/heat-scale';
import { monitoringHtml, monitoringLines } from '../../lib/heat-monitoring';

/**
 * The grid heat map on the street tiles: each grid filled with its bucket's colour (see lib/heat-scale.ts,
 * the same buckets as the legend), translucent so the streets show through, and labelled with its name and count.
 * 重点监控点位 sit on top as markers that open a popup (click, or Enter when focused); `onFocusPoint` receives a
 * function that opens a point's popup, for the list under the map.
 */
export function HeatTileMap({
  tiles,
  grids,
  heat,
  pieces,
  monitoring,
  onFocusPoint,
  onTilesFailed,
}: {
  tiles: MapTilesDto;
  grids: GeoCollection;
  heat: Map<number, number>;
  pieces: HeatPiece[];
  monitoring: MonitoringPointDto[];
  onFocusPoint: (focus: ((key: string) => void) | null) => void;
  onTilesFailed: () => void;
}) {
  const key = JSON.stringify([...heat]);
  const pointsKey = monitoring.map((p) => `${p.key}:${p.cleanDays}`).join();
  const draw = useCallback(
    (layer: L.LayerGroup) => {
      for (const f of grids.features) {
        const count = heat.get(f.properties.id) ?? 0;
        const shape = L.geoJSON(f as unknown as GeoJSON.Feature, {
          style: { color: '#595959', weight: 1, fillColor: pieceOf(pieces, count).color, fillOpacity: 0.6 },
        }).addTo(layer);
        // A label marker at the grid's centre, not a permanent tooltip: Leaflet leaves permanent tooltips on the map
        // when the layer group is cleared, so a redraw (another category) doubled the labels.
        const text = `${f.properties.name.replace(/网格$/, '')} ${count} 件`.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
        L.marker(shape.getBounds().getCenter(), {
          interactive: false,
          keyboard: false,
          icon: L.divIcon({ className: 'heat-tile-label', html: `<span>${text}</span>`, iconSize: [0, 0] }),
        }).addTo(layer);
      }
      const markers = new Map<string, L.Marker>();
      for (const p of monitoring) {
        const marker = L.marker([p.lat, p.lng], {
          keyboard: true,
          title: monitoringLines(p)[0],
          zIndexOffset: 1000,
          icon: L.divIcon({
            className: `monitoring-marker monitoring-marker--${p.reason}`,
            html: `<span data-point="${p.key.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}"></span>`,
            iconSize: [24, 24],
            iconAnchor: [12, 12],
            popupAnchor: [0, -12],
          }),
        })
          .bindPopup(monitoringHtml(p))
          .addTo(layer);
        markers.set(p.key, marker);
      }
      onFocusPoint(markers.size ? (k) => markers.get(k)?.openPopup() : null);
    },
    // heat and the points are compared by value (new objects on every render)
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [grids, pieces, key, pointsKey],
  );
  const bounds = bboxOf(grids.features);
  if (!bounds) return null;
  return (
    <TileMap
      tiles={tiles}
      bounds={bounds}
      draw={draw}
      height={480}
      label="网格热力图（街道底图）：各网格的上报件数，颜色含义见下方图例"
      onTilesFailed={onTilesFailed}
    />
  );
}
