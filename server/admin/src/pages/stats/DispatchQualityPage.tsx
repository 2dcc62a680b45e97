import type { DispatchQualityDto, DispatchQualityRowDto } from '@sansui/shared';
import { Card, Col, Row, Space, Statistic, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { Chart } from '../../components/Chart';
import { PageState } from '../../components/PageState';
import { defaultPeriod, PeriodPicker, periodQuery } from '../../components/PeriodPicker';
import { formatRate } from '../../lib/countdown';
import { useDicts } from '../../lib/dicts';
import { useFetch, useUrlFilters } from '../../lib/hooks';

const PERIOD = { from: 'string', to: 'string' } as const;
/** The product's goal (docs/domain.md §17): ≥ 95 % first-time-right, ≤ 1.1 dispatches per case. */
const GOAL_RATE = 0.95;

const columns = (keyTitle: string) => [
  { title: keyTitle, dataIndex: 'name' },
  { title: '派遣案卷', dataIndex: 'dispatched' },
  { title: '一次派准', dataIndex: 'firstTimeRight' },
  { title: '一次派准率', dataIndex: 'firstTimeRightRate', render: (v: number | null) => formatRate(v) },
  { title: '每件派遣次数', dataIndex: 'handoffsPerCase', render: (v: number | null) => (v === null ? '—' : v.toFixed(2)) },
  { title: '按建议派遣', dataIndex: 'suggestionTakenRate', render: (v: number | null) => formatRate(v) },
];

function rateChart(rows: DispatchQualityRowDto[]) {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 160, right: 40, top: 20, bottom: 30 },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: rows.map((r) => r.name), inverse: true },
    series: [
      {
        type: 'bar',
        name: '一次派准率',
        data: rows.map((r) => ({
          value: Math.round((r.firstTimeRightRate ?? 0) * 1000) / 10,
          itemStyle: { color: (r.firstTimeRightRate ?? 0) >= GOAL_RATE ? '#16a34a' : '#dc2626' },
        })),
        markLine: { symbol: 'none', data: [{ xAxis: GOAL_RATE * 100, name: '目标' }], label: { formatter: '目标 95%' } },
      },
    ],
  };
}

/** 派遣质量 (docs/domain.md §17): how often routing sends a case to the right department the first time. */
export function DispatchQualityPage() {
  const [f, set] = useUrlFilters(PERIOD);
  const p = defaultPeriod(f.from, f.to);
  const { data, error, loading, reload } = useFetch<DispatchQualityDto>('/stats/dispatch-quality', periodQuery(p.from, p.to));
  const { deptName, catName } = useDicts();
  return (
    <div data-testid="dispatch-quality" data-loaded={data && !loading ? 'yes' : 'no'}>
      <Typography.Title level={4}>派遣质量</Typography.Title>
      <Typography.Paragraph type="secondary">
        按期间内首次派遣的案卷统计：一次派准 = 只派遣一次且没有退单；每件派遣次数为 1 表示每件都一次派到位。部门按首次派往的部门统计。
        目标：一次派准率 ≥ 95%，每件派遣次数 ≤ 1.1。
      </Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        统计期间 <PeriodPicker from={p.from} to={p.to} onChange={(from, to) => set({ from, to })} />
      </Space>
      {error || !data ? (
        <PageState loading={loading} error={error} onRetry={reload} />
      ) : (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col span={6}>
              <Card>
                <Statistic title="派遣案卷" value={data.dispatched} />
              </Card>
            </Col>
            <Col span={6}>
              <Card>
                <Statistic title="一次派准率" value={formatRate(data.firstTimeRightRate)} data-testid="ftr-rate" />
              </Card>
            </Col>
            <Col span={6}>
              <Card>
                <Statistic title="每件派遣次数" value={data.handoffsPerCase === null ? '—' : data.handoffsPerCase.toFixed(2)} />
              </Card>
            </Col>
            <Col span={6}>
              <Card>
                <Statistic title="按建议派遣" value={formatRate(data.suggestionTakenRate)} />
              </Card>
            </Col>
          </Row>
          <Card title="各部门一次派准率" style={{ marginBottom: 16 }}>
            {data.byDepartment.length ? (
              <Chart option={rateChart(data.byDepartment)} style={{ height: Math.max(160, data.byDepartment.length * 36 + 60) }} />
            ) : (
              <Typography.Text type="secondary">本期没有派遣</Typography.Text>
            )}
          </Card>
          <Card title="按部门（首次派往）" style={{ marginBottom: 16 }} data-testid="by-department">
            <Table rowKey="key" size="small" dataSource={data.byDepartment} columns={columns('部门')} pagination={false} />
          </Card>
          <Card title="按分类" style={{ marginBottom: 16 }}>
            <Table rowKey="key" size="small" dataSource={data.byCategory} columns={columns('分类')} pagination={false} />
          </Card>
          <Card title="未一次派准的案卷" data-testid="wrong-cases">
            <Table
              rowKey="caseId"
              size="small"
              dataSource={data.wrongCases}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              locale={{ emptyText: '本期全部一次派准' }}
              columns={[
                { title: '案卷', dataIndex: 'caseId', render: (id: number) => <Link to={`/cases/${id}`}>#{id}</Link> },
                { title: '分类', dataIndex: 'categoryCode', render: catName },
                { title: '首次派往', dataIndex: 'firstDepartmentId', render: deptName },
                { title: '派遣次数', dataIndex: 'dispatches' },
                { title: '退单次数', dataIndex: 'returns' },
              ]}
            />
          </Card>
        </>
      )}
    </div>
  );
}
