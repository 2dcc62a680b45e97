import {
  formatFen,
  type CampaignStatsDto,
  type DepartmentKpiDto,
  type DepartmentKpisResponse,
  type GridStatDto,
  type MonitoringPointDto,
  type MonitoringPointsDto,
  type TrendPointDto,
  chinaDay,
} from '@sansui/shared';
import { App, Button, Card, Col, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { useCallback, useMemo, useRef, useState } from 'react';
import { api } from '../../api/client';
import { Chart, echarts } from '../../components/Chart';
import { useGrids } from '../../components/GridMap';
import { useMapTiles } from '../../components/TileMap';
import { HeatTileMap } from './HeatTileMap';
import { PageState } from '../../components/PageState';
import { defaultPeriod, PeriodPicker, periodQuery } from '../../components/PeriodPicker';
import { useAuth } from '../../auth';
import { can } from '../../access';
import {
  MONITORING_MARKER_COLORS,
  MONITORING_MARKER_LABELS,
  monitoringLines,
  monitoringPlace,
  pointsOnHeatMap,
} from '../../lib/heat-monitoring';
import { formatRate } from '../../lib/countdown';
import { useDicts } from '../../lib/dicts';
import { heatPieces, labelColorOn, pieceOf, type HeatPiece } from '../../lib/heat-scale';
import { useAction, useFetch, useUrlFilters } from '../../lib/hooks';

const PERIOD = { from: 'string', to: 'string', categoryCode: 'string' } as const;

function usePeriod() {
  const [f, set] = useUrlFilters(PERIOD);
  const p = defaultPeriod(f.from, f.to);
  return { ...p, categoryCode: f.categoryCode, set, q: periodQuery(p.from, p.to) };
}

/** "当前活动：名称（起 至 止）", or that none is running. */
export function campaignLine(c: CampaignStatsDto['currentCampaign'] | undefined): string {
  if (!c) return '当前没有进行中的活动';
  return `当前活动：${c.name}（${formatDay(c.startsAt)} 至 ${formatDay(c.endsAt)}）`;
}

const formatDay = (iso: string) => chinaDay(new Date(iso));

export function CampaignBoardPage() {
  const { data, error, loading, reload } = useFetch<CampaignStatsDto>('/stats/campaign');
  return (
    <div>
      <Typography.Title level={4}>活动看板</Typography.Title>
      <PageState loading={loading} error={error} onRetry={reload}>
        {data && (
          <Typography.Paragraph type="secondary" data-testid="current-campaign">
            {campaignLine(data.currentCampaign)}（全部活动累计，向上级报送用）
          </Typography.Paragraph>
        )}
        {data && (
          <Row gutter={16}>
            {[
              ['参与居民', data.residents, '人'],
              ['收到照片', data.photos, '张'],
              ['收到上报', data.reports, '件'],
              ['已处置结案', data.casesClosed, '件'],
            ].map(([t, v, s]) => (
              <Col span={5} key={t as string}>
                <Card>
                  <Statistic title={t as string} value={v as number} suffix={s as string} />
                </Card>
              </Col>
            ))}
            <Col span={4}>
              <Card>
                <Statistic title="已发红包" value={formatFen(data.rewardsPaidFen)} />
              </Card>
            </Col>
          </Row>
        )}
      </PageState>
    </div>
  );
}

/** Above this share of closures on unverified evidence the rate is shown as a warning (docs/domain.md §14). */
const UNVERIFIED_WARN_RATE = 0.3;

function kpiColumns() {
  return [
    { title: '排名', key: 'rank', width: 60, render: (_: unknown, __: unknown, i: number) => i + 1 },
    { title: '部门', dataIndex: 'departmentName' },
    { title: '收到', dataIndex: 'received' },
    { title: '结案', dataIndex: 'closed' },
    {
      title: '按期处置率',
      dataIndex: 'onTimeRate',
      render: formatRate,
      sorter: (a: DepartmentKpiDto, b: DepartmentKpiDto) => (a.onTimeRate ?? -1) - (b.onTimeRate ?? -1),
    },
    {
      title: '证据已核实的结案',
      dataIndex: 'closedVerified',
      render: (v: number, r: DepartmentKpiDto) => <span data-testid={`kpi-verified-${r.departmentId}`}>{v}</span>,
    },
    {
      title: '证据未核实占比',
      dataIndex: 'unverifiedRate',
      render: (v: number | null, r: DepartmentKpiDto) => (
        <Typography.Text
          type={v != null && v > UNVERIFIED_WARN_RATE ? 'warning' : undefined}
          data-testid={`kpi-unverified-${r.departmentId}`}
        >
          {formatRate(v)}
        </Typography.Text>
      ),
      sorter: (a: DepartmentKpiDto, b: DepartmentKpiDto) => (a.unverifiedRate ?? -1) - (b.unverifiedRate ?? -1),
    },
    { title: '超期', dataIndex: 'overdue', render: (v: number) => (v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : v) },
    { title: '退单', dataIndex: 'returns' },
    { title: '返工率', dataIndex: 'reworkRate', render: formatRate },
    { title: '首次派准率', dataIndex: 'firstTimeRightRate', render: formatRate },
    { title: '处置时长中位数', dataIndex: 'medianHandlingHours', render: (v: number | null) => (v == null ? '—' : `${v.toFixed(1)} 小时`) },
    { title: '满意率', dataIndex: 'satisfactionRate', render: formatRate },
  ];
}

/** Ranking by on-time rate, then lower rework rate, then satisfaction. */
export function rankDepartments(items: DepartmentKpiDto[]): DepartmentKpiDto[] {
  return [...items].sort(
    (a, b) =>
      (b.onTimeRate ?? -1) - (a.onTimeRate ?? -1) ||
      (a.reworkRate ?? 2) - (b.reworkRate ?? 2) ||
      (b.satisfactionRate ?? -1) - (a.satisfactionRate ?? -1),
  );
}

export function DepartmentRankingPage() {
  const p = usePeriod();
  const { data, error, loading, reload } = useFetch<DepartmentKpisResponse>('/stats/departments', p.q);
  const items = rankDepartments(data?.items ?? []);
  return (
    <div>
      <Typography.Title level={4}>部门排名</Typography.Title>
      <Space style={{ marginBottom: 12 }}>
        统计期间 <PeriodPicker from={p.from} to={p.to} onChange={(from, to) => p.set({ from, to })} />
      </Space>
      {error ? (
        <PageState loading={false} error={error} onRetry={reload} />
      ) : (
        <Table
          rowKey="departmentId"
          loading={loading}
          dataSource={items}
          columns={kpiColumns()}
          pagination={false}
          locale={{ emptyText: '本期没有数据' }}
        />
      )}
    </div>
  );
}

/** The manager's own department KPIs. */
export function DeptKpiPage() {
  const { user } = useAuth();
  const p = usePeriod();
  const { data, error, loading, reload } = useFetch<DepartmentKpisResponse>('/stats/departments', p.q);
  const mine = data?.items.find((i) => i.departmentId === user?.departmentId);
  return (
    <div>
      <Typography.Title level={4}>部门考核</Typography.Title>
      <Space style={{ marginBottom: 12 }}>
        统计期间 <PeriodPicker from={p.from} to={p.to} onChange={(from, to) => p.set({ from, to })} />
      </Space>
      <PageState loading={loading} error={error} empty={!mine} emptyText="本期没有本部门数据" onRetry={reload}>
        {mine && (
          <Row gutter={[16, 16]}>
            {[
              ['收到案卷', mine.received],
              ['结案', mine.closed],
              ['按期处置率', formatRate(mine.onTimeRate)],
              ['证据已核实的结案', mine.closedVerified],
              ['证据未核实占比', formatRate(mine.unverifiedRate)],
              ['当前超期', mine.overdue],
              ['退单', mine.returns],
              ['返工率', formatRate(mine.reworkRate)],
              ['处置时长中位数', mine.medianHandlingHours == null ? '—' : `${mine.medianHandlingHours.toFixed(1)} 小时`],
              ['满意率', formatRate(mine.satisfactionRate)],
            ].map(([t, v]) => (
              <Col span={6} key={t as string}>
                <Card>
                  <Statistic title={t as string} value={v as string | number} />
                </Card>
              </Col>
            ))}
          </Row>
        )}
      </PageState>
    </div>
  );
}

/** Sums grid×category counts into per-grid values for the heat map. */
export function heatByGrid(rows: GridStatDto[], categoryCode?: string): Map<number, number> {
  const m = new Map<number, number>();
  for (const r of rows) {
    if (r.gridId == null) continue;
    if (categoryCode && r.categoryCode !== categoryCode) continue;
    m.set(r.gridId, (m.get(r.gridId) ?? 0) + r.count);
  }
  return m;
}

export function TrendsPage() {
  const p = usePeriod();
  const { user } = useAuth();
  const { categories, catName } = useDicts();
  const trends = useFetch<TrendPointDto[] | { items: TrendPointDto[] }>('/stats/trends', p.q);
  const gridStats = useFetch<GridStatDto[] | { items: GridStatDto[] }>('/stats/grids', p.q);
  // 重点监控点位 only for those who may read them; the others see the heat map alone and ask nothing more.
  const monitoring = useFetch<MonitoringPointsDto>(can(user?.roles, 'evaluation.monitoring') ? '/monitoring-points' : null);
  const { grids, error: gridsError } = useGrids();
  const tiles = useMapTiles();
  const [tilesFailed, setTilesFailed] = useState(false);
  const focusRef = useRef<((key: string) => void) | null>(null);
  const setFocus = useCallback((f: ((key: string) => void) | null) => (focusRef.current = f), []);
  const points = Array.isArray(trends.data) ? trends.data : (trends.data?.items ?? []);
  const gRows = Array.isArray(gridStats.data) ? gridStats.data : (gridStats.data?.items ?? []);
  const mapName = useMemo(() => {
    if (!grids) return null;
    echarts.registerMap('sansui-grids', {
      type: 'FeatureCollection',
      features: grids.features.map((f) => ({ ...f, properties: { ...f.properties, name: String(f.properties.id) } })),
    } as never);
    return 'sansui-grids';
  }, [grids]);
  const heat = heatByGrid(gRows, p.categoryCode);
  const pieces = heatPieces(Math.max(0, ...heat.values()));
  const nameOf = new Map((grids?.features ?? []).map((f) => [String(f.properties.id), f.properties.name]));
  const watched = monitoring.data
    ? pointsOnHeatMap(monitoring.data.items, new Set((grids?.features ?? []).map((f) => f.properties.id)), p.categoryCode)
    : null;
  const watchedRef = useRef(watched);
  watchedRef.current = watched;
  const busiest = (grids?.features ?? [])
    .map((f) => ({ id: f.properties.id, name: f.properties.name, count: heat.get(f.properties.id) ?? 0 }))
    .filter((g) => g.count > 0)
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'zh-CN'))
    .slice(0, 5);
  const gridText = (id: string) => {
    const value = heat.get(Number(id)) ?? 0;
    return `${nameOf.get(id) ?? id}：${value} 件${p.categoryCode ? `（${catName(p.categoryCode)}）` : ''}`;
  };
  return (
    <div>
      <Typography.Title level={4}>趋势与热力</Typography.Title>
      <Space style={{ marginBottom: 12 }}>
        统计期间 <PeriodPicker from={p.from} to={p.to} onChange={(from, to) => p.set({ from, to })} />
      </Space>
      <Card title="每日趋势" size="small" style={{ marginBottom: 16 }}>
        <PageState
          loading={trends.loading}
          error={trends.error}
          empty={points.length === 0}
          emptyText="本期没有数据"
          onRetry={trends.reload}
        >
          <Chart
            option={{
              tooltip: { trigger: 'axis' },
              legend: { data: ['上报', '结案', '超期'] },
              xAxis: { type: 'category', data: points.map((x) => x.day) },
              yAxis: { type: 'value', minInterval: 1 },
              series: [
                { name: '上报', type: 'line', data: points.map((x) => x.reported) },
                { name: '结案', type: 'line', data: points.map((x) => x.closed) },
                { name: '超期', type: 'line', data: points.map((x) => x.overdue), itemStyle: { color: '#f5222d' } },
              ],
            }}
          />
        </PageState>
      </Card>
      <Card
        title="网格热力图"
        size="small"
        extra={
          <Select
            allowClear
            placeholder="全部分类"
            aria-label="热力图的问题分类"
            style={{ width: 200 }}
            value={p.categoryCode}
            onChange={(v) => p.set({ categoryCode: v })}
            options={categories.map((c) => ({ value: c.code, label: c.name }))}
          />
        }
      >
        <PageState
          loading={gridStats.loading || !mapName || tiles === undefined}
          error={gridStats.error ?? gridsError}
          onRetry={gridsError ? () => window.location.reload() : gridStats.reload}
        >
          <div data-testid="heat-map" data-monitoring-points={watched ? watched.length : undefined}>
            {mapName && tiles && !tilesFailed && grids && (
              <HeatTileMap
                tiles={tiles}
                grids={grids}
                heat={heat}
                pieces={pieces}
                monitoring={watched ?? []}
                onFocusPoint={setFocus}
                onTilesFailed={() => setTilesFailed(true)}
              />
            )}
            {mapName && (!tiles || tilesFailed) && (
              <Chart
                style={{ height: 480 }}
                onChartReady={(chart) =>
                  setFocus((key) => {
                    const dataIndex = (watchedRef.current ?? []).findIndex((w) => w.key === key);
                    if (dataIndex >= 0) chart.dispatchAction({ type: 'showTip', seriesIndex: 1, dataIndex });
                  })
                }
                option={{
                  tooltip: {
                    formatter: (x: { componentType: string; seriesType?: string; name: string; dataIndex: number }) =>
                      x.seriesType === 'scatter' && watched?.[x.dataIndex]
                        ? monitoringLines(watched[x.dataIndex]).join('<br>')
                        : gridText(x.name),
                  },
                  // The colours come from the same buckets as the legend below the map (lib/heat-scale.ts).
                  visualMap: {
                    type: 'piecewise',
                    show: false,
                    seriesIndex: 0,
                    pieces: pieces.map(({ min, max, color, label }) => ({ min, max, color, label })),
                  },
                  // The grids are a geo component so the 重点监控点位 can sit on them as a scatter series.
                  geo: {
                    map: mapName,
                    roam: true,
                    tooltip: { show: true },
                    // Each cell names its grid and its count, in a colour readable on its bucket.
                    label: {
                      show: true,
                      fontSize: 11,
                      lineHeight: 14,
                      // "东坡路06" in the cell (every name ends in 网格; the tooltip and the list below give it whole).
                      formatter: (x: { name: string }) =>
                        `${(nameOf.get(x.name) ?? x.name).replace(/网格$/, '')}\n${heat.get(Number(x.name)) ?? 0} 件`,
                    },
                    emphasis: { label: { show: true } },
                    regions: (grids?.features ?? []).map((f) => ({
                      name: String(f.properties.id),
                      label: { color: labelColorOn(pieceOf(pieces, heat.get(f.properties.id) ?? 0).color) },
                    })),
                  },
                  series: [
                    {
                      type: 'map',
                      geoIndex: 0,
                      data: (grids?.features ?? []).map((f) => ({ name: String(f.properties.id), value: heat.get(f.properties.id) ?? 0 })),
                    },
                    {
                      type: 'scatter',
                      name: '重点监控点位',
                      coordinateSystem: 'geo',
                      symbol: 'pin',
                      symbolSize: 30,
                      z: 5,
                      label: { show: true, formatter: '!', color: '#fff', fontWeight: 'bold', offset: [0, -3] },
                      data: (watched ?? []).map((w) => ({
                        name: w.key,
                        value: [w.lng, w.lat],
                        itemStyle: { color: MONITORING_MARKER_COLORS[w.reason], borderColor: '#fff', borderWidth: 1 },
                      })),
                    },
                  ],
                }}
              />
            )}
          </div>
          {mapName && <HeatLegend pieces={pieces} busiest={busiest} />}
          {mapName && watched && <MonitoringLegend points={watched} onShow={(key) => focusRef.current?.(key)} />}
        </PageState>
      </Card>
    </div>
  );
}

/** The 重点监控点位 drawn on the heat map: what their markers mean, and each in words (the canvas cannot be read). */
function MonitoringLegend({ points, onShow }: { points: MonitoringPointDto[]; onShow: (key: string) => void }) {
  return (
    <div data-testid="heat-monitoring" data-count={points.length} style={{ marginTop: 8 }}>
      <Space wrap size={[16, 4]} aria-label="重点监控点位标记">
        <Typography.Text strong>重点监控点位（{points.length} 处）</Typography.Text>
        {(['repeated_cases', 'repeated_findings'] as const).map((reason) => (
          <Space key={reason} size={4} data-testid="heat-monitoring-legend-item">
            <span aria-hidden className="monitoring-swatch" style={{ background: MONITORING_MARKER_COLORS[reason] }}>
              !
            </span>
            <Typography.Text>{MONITORING_MARKER_LABELS[reason]}</Typography.Text>
          </Space>
        ))}
      </Space>
      {points.length === 0 ? (
        <div>
          <Typography.Text type="secondary">热力图范围内目前没有重点监控点位</Typography.Text>
        </div>
      ) : (
        <ul className="heat-monitoring-list">
          {points.map((w) => (
            <li key={w.key} data-point={w.key}>
              <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => onShow(w.key)}>
                {monitoringPlace(w)}
              </Button>
              <Typography.Text type="secondary">
                {' '}
                · {w.categoryName} · {w.reasonText} · 已连续 {w.cleanDays} 天无新问题
              </Typography.Text>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The colour scale in words (the map's canvas cannot be read by a screen reader), and the busiest grids. */
function HeatLegend({ pieces, busiest }: { pieces: HeatPiece[]; busiest: { id: number; name: string; count: number }[] }) {
  return (
    <div style={{ marginTop: 8 }}>
      <Space wrap size={[16, 4]} data-testid="heat-legend" aria-label="颜色与上报件数">
        <Typography.Text strong>上报件数</Typography.Text>
        {pieces.map((piece) => (
          <Space key={piece.label} size={4} data-testid="heat-legend-item">
            <span
              aria-hidden
              style={{
                display: 'inline-block',
                width: 18,
                height: 14,
                background: piece.color,
                border: '1px solid #bfbfbf',
                verticalAlign: 'middle',
              }}
            />
            <Typography.Text>{piece.label}</Typography.Text>
          </Space>
        ))}
      </Space>
      <div data-testid="heat-busiest" style={{ marginTop: 8 }}>
        <Typography.Text strong>上报最多的网格：</Typography.Text>
        {busiest.length === 0 ? (
          <Typography.Text>本期没有上报</Typography.Text>
        ) : (
          <Typography.Text>{busiest.map((g) => `${g.name} ${g.count} 件`).join('、')}</Typography.Text>
        )}
      </div>
    </div>
  );
}

export function CircularPage() {
  const p = usePeriod();
  const { busy, run } = useAction();
  const { message } = App.useApp();
  const get = (format: 'xlsx' | 'html') =>
    run(format, () => api.download('/circulars', { ...p.q, format }, `通报_${p.from}_${p.to}.${format}`)).then(
      (ok) => ok && message.success('已开始下载'),
    );
  return (
    <div>
      <Typography.Title level={4}>通报下载</Typography.Title>
      <Typography.Paragraph type="secondary">
        按期间生成督查通报：部门排名（含证据已核实的结案与未核实占比）、超期与返工案卷、活动汇总。可打印或转发。
      </Typography.Paragraph>
      <Space>
        <PeriodPicker from={p.from} to={p.to} onChange={(from, to) => p.set({ from, to })} />
        <Button type="primary" loading={busy === 'xlsx'} onClick={() => get('xlsx')}>
          下载 Excel
        </Button>
        <Button loading={busy === 'html'} onClick={() => get('html')}>
          下载可打印版（HTML）
        </Button>
      </Space>
    </div>
  );
}
