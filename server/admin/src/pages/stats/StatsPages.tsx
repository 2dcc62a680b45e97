import {
  formatFen,
  type CampaignStatsDto,
  type DepartmentKpiDto,
  type DepartmentKpisResponse,
  type GridStatDto,
  type TrendPointDto,
  chinaDay,
} from '@sansui/shared';
import { App, Button, Card, Col, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../../api/client';
import { Chart, echarts } from '../../components/Chart';
import { useGrids } from '../../components/GridMap';
import { useMapTiles } from '../../components/TileMap';
import { HeatTileMap } from './HeatTileMap';
import { PageState } from '../../components/PageState';
import { defaultPeriod, PeriodPicker, periodQuery } from '../../components/PeriodPicker';
import { useAuth } from '../../auth';
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
  const { categories, catName } = useDicts();
  const trends = useFetch<TrendPointDto[] | { items: TrendPointDto[] }>('/stats/trends', p.q);
  const gridStats = useFetch<GridStatDto[] | { items: GridStatDto[] }>('/stats/grids', p.q);
  const { grids, error: gridsError } = useGrids();
  const tiles = useMapTiles();
  const [tilesFailed, setTilesFailed] = useState(false);
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
  const busiest = (grids?.features ?? [])
    .map((f) => ({ id: f.properties.id, name: f.properties.name, count: heat.get(f.properties.id) ?? 0 }))
    .filter((g) => g.count > 0)
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'zh-CN'))
    .slice(0, 5);
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
          {mapName && tiles && !tilesFailed && grids && (
            <HeatTileMap tiles={tiles} grids={grids} heat={heat} pieces={pieces} onTilesFailed={() => setTilesFailed(true)} />
          )}
          {mapName && (!tiles || tilesFailed) && (
            <Chart
              style={{ height: 480 }}
              option={{
                tooltip: {
                  formatter: (x: { name: string; value: number }) =>
                    `${nameOf.get(x.name) ?? x.name}：${Number.isFinite(x.value) ? x.value : 0} 件${p.categoryCode ? `（${catName(p.categoryCode)}）` : ''}`,
                },
                // The colours come from the same buckets as the legend below the map (lib/heat-scale.ts).
                visualMap: {
                  type: 'piecewise',
                  show: false,
                  pieces: pieces.map(({ min, max, color, label }) => ({ min, max, color, label })),
                },
                series: [
                  {
                    type: 'map',
                    map: mapName,
                    roam: true,
                    // Each cell names its grid and its count, in a colour readable on its bucket.
                    label: {
                      show: true,
                      fontSize: 11,
                      lineHeight: 14,
                      // "东坡路06" in the cell (every name ends in 网格; the tooltip and the list below give it whole).
                      formatter: (x: { name: string; value: number }) =>
                        `${(nameOf.get(x.name) ?? x.name).replace(/网格$/, '')}\n${Number.isFinite(x.value) ? x.value : 0} 件`,
                    },
                    emphasis: { label: { show: true } },
                    data: (grids?.features ?? []).map((f) => {
                      const value = heat.get(f.properties.id) ?? 0;
                      return { name: String(f.properties.id), value, label: { color: labelColorOn(pieceOf(pieces, value).color) } };
                    }),
                  },
                ],
              }}
            />
          )}
          {mapName && <HeatLegend pieces={pieces} busiest={busiest} />}
        </PageState>
      </Card>
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
