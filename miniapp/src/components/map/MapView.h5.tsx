import { View } from '@tarojs/components';
import type { MapTilesDto } from '@sansui/shared';
import { useEffect, useState } from 'react';
import { api } from '../../api';
import { GridDrawing } from './GridDrawing.h5';
import { TileMap } from './TileMap.h5';
import type { MapViewProps } from './types';

/** 服务端配置的街道底图（GET /geo/map-config），整个页面会话只问一次；问不到就当没有配置 */
let tilesConfig: Promise<MapTilesDto | null> | null = null;
function loadTiles(): Promise<MapTilesDto | null> {
  tilesConfig ??= api.mapConfig().then(
    (c) => c.tiles ?? null,
    () => null,
  );
  return tilesConfig;
}

/**
 * H5 地图：配置了街道底图（GCJ-02 瓦片）就用 Leaflet 画街道、网格和图钉；没有配置、配置读不到，
 * 或瓦片一张都加载不出来（离线）时，退回网格画法。
 */
export function MapView(props: MapViewProps) {
  const [tiles, setTiles] = useState<MapTilesDto | null | undefined>(undefined);
  const [tilesFailed, setTilesFailed] = useState(false);
  useEffect(() => {
    let live = true;
    void loadTiles().then((t) => live && setTiles(t));
    return () => {
      live = false;
    };
  }, []);
  if (tiles === undefined)
    return <View className="map-wrap" style={{ height: `${props.height ?? 240}px` }} data-testid="map" data-map-mode="loading" />;
  if (tiles && !tilesFailed) return <TileMap {...props} tiles={tiles} onTilesFailed={() => setTilesFailed(true)} />;
  return <GridDrawing {...props} notice={tilesFailed ? '街道底图加载不出来，先显示网格图' : undefined} />;
}
