import type { MapTilesDto } from '@sansui/shared';
import L from 'leaflet';
import { useCallback } from 'react';
import { TileMap } from '../../components/TileMap';
import { bboxOf, type GeoCollection } from '../../lib/geo';
import { pieceOf, type HeatPiece } from '../../lib/heat-scale';

/**
 * The grid heat map on the street tiles: each grid filled with its bucket's colour (see lib/heat-scale.ts,
 * the same buckets as the legend), translucent so the streets show through, and labelled with its name and count.
 */
export function HeatTileMap({
  tiles,
  grids,
  heat,
  pieces,
  onTilesFailed,
}: {
  tiles: MapTilesDto;
  grids: GeoCollection;
  heat: Map<number, number>;
  pieces: HeatPiece[];
  onTilesFailed: () => void;
}) {
  const key = JSON.stringify([...heat]);
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
    },
    // heat is compared by value (a new Map on every render)
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [grids, pieces, key],
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
