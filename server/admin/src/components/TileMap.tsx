import type { MapConfigDto, MapTilesDto } from '@sansui/shared';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import type { Bbox } from '../lib/geo';

let tilesConfig: Promise<MapTilesDto | null> | null = null;

/** The street-map tiles the server is configured with (GET /geo/map-config): undefined while asking, null when none. */
export function useMapTiles(): MapTilesDto | null | undefined {
  const [tiles, setTiles] = useState<MapTilesDto | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    tilesConfig ??= api.get<MapConfigDto>('/geo/map-config').then(
      (c) => c.tiles ?? null,
      () => null, // unreadable config: draw the grids
    );
    void tilesConfig.then((t) => live && setTiles(t));
    return () => {
      live = false;
    };
  }, []);
  return tiles;
}

/** No tile loaded and this many failed: the tile source is out of reach (offline, wrong address). */
const FAILURES_BEFORE_FALLBACK = 2;

/**
 * A Leaflet map on the configured GCJ-02 street tiles (our coordinates are GCJ-02 too, so they sit on the
 * streets as they are). `draw` puts the grids and points on it; it is called again whenever it changes.
 * `onTilesFailed` tells the caller to show its grid drawing instead.
 */
export function TileMap({
  tiles,
  bounds,
  draw,
  label,
  height,
  onTilesFailed,
}: {
  tiles: MapTilesDto;
  bounds: Bbox;
  draw: (layer: L.LayerGroup) => void;
  label: string;
  height: number;
  onTilesFailed: () => void;
}) {
  const boxRef = useRef<HTMLDivElement | null>(null);
  const mapRef = useRef<L.Map | null>(null);
  const layerRef = useRef<L.LayerGroup | null>(null);
  const failedRef = useRef(onTilesFailed);
  failedRef.current = onTilesFailed;

  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    // Half zoom steps let fitBounds fill the box (the tiles of the nearest whole level are scaled).
    const map = L.map(box, { maxZoom: tiles.maxZoom, zoomControl: false, scrollWheelZoom: false, zoomSnap: 0.5 });
    map.attributionControl.setPrefix(false);
    L.control.zoom({ zoomInTitle: '放大地图', zoomOutTitle: '缩小地图' }).addTo(map);
    let loaded = 0;
    let failed = 0;
    L.tileLayer(tiles.urlTemplate, { subdomains: tiles.subdomains || 'abc', maxZoom: tiles.maxZoom, attribution: tiles.attribution })
      .on('tileload', () => {
        box.dataset.tilesLoaded = String(++loaded);
      })
      .on('tileerror', () => {
        if (loaded === 0 && ++failed >= FAILURES_BEFORE_FALLBACK) failedRef.current();
      })
      .addTo(map);
    map.on('moveend', () => {
      const c = map.getCenter();
      box.dataset.center = `${c.lat.toFixed(6)},${c.lng.toFixed(6)}`;
      box.dataset.zoom = String(Math.round(map.getZoom())); // the level of the tiles drawn
    });
    layerRef.current = L.layerGroup().addTo(map);
    mapRef.current = map;
    const resized = new ResizeObserver(() => map.invalidateSize());
    resized.observe(box);
    return () => {
      resized.disconnect();
      map.remove();
      mapRef.current = null;
    };
  }, [tiles]);

  const { minX, minY, maxX, maxY } = bounds;
  useEffect(() => {
    mapRef.current?.fitBounds(
      [
        [minY, minX],
        [maxY, maxX],
      ],
      { animate: false },
    );
  }, [minX, minY, maxX, maxY]);

  useEffect(() => {
    const layer = layerRef.current;
    if (!layer) return;
    layer.clearLayers();
    draw(layer);
  }, [draw]);

  return (
    <div
      ref={boxRef}
      role="region"
      aria-label={label}
      data-testid="tile-map"
      style={{ width: '100%', height, border: '1px solid #d9d9d9', borderRadius: 6, background: '#eef3f7' }}
    />
  );
}
