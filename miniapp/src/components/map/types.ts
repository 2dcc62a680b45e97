import type { GridCollection, Point } from '../../lib/geo';

export interface MapMarker {
  id: number;
  lat: number;
  lng: number;
  tone: 'green' | 'orange' | 'blue';
  title?: string;
}

export interface MapViewProps {
  /** 地图中心 */
  center: Point;
  /** 可拖动的图钉位置；不传则不显示图钉 */
  pin?: Point;
  /** 图钉被拖动后回调（GCJ-02） */
  onPinChange?: (p: Point) => void;
  markers?: MapMarker[];
  onMarkerTap?: (id: number) => void;
  grids?: GridCollection | null;
  /** “你在这里”：居民自己的位置（不可拖动） */
  here?: Point | null;
  /** 高度（px，设计稿单位） */
  height?: number;
}
