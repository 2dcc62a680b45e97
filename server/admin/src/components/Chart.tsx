import { BarChart, HeatmapChart, LineChart, MapChart, ScatterChart } from 'echarts/charts';
import {
  GeoComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import type { CSSProperties } from 'react';

echarts.use([
  LineChart,
  BarChart,
  MapChart,
  ScatterChart,
  HeatmapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  TitleComponent,
  VisualMapComponent,
  GeoComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

export { echarts };

export function Chart({
  option,
  style,
  onChartReady,
}: {
  option: object;
  style?: CSSProperties;
  /** Called with the chart once it is drawn (e.g. to show a tooltip from outside the canvas). */
  onChartReady?: (chart: echarts.EChartsType) => void;
}) {
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={style ?? { height: 360 }} onChartReady={onChartReady} />;
}
