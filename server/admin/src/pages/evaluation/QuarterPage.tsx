import type { QuarterEvaluationsDto, QuarterItemDto } from '@sansui/shared';
import { Card, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { can } from '../../access';
import { useAuth } from '../../auth';
import { Chart } from '../../components/Chart';
import { PageState } from '../../components/PageState';
import { useFetch } from '../../lib/hooks';
import { LeaderScoresCard } from './LeaderScoresCard';

const score = (v: number | null) => (v === null ? <Typography.Text type="secondary">无数据</Typography.Text> : v.toFixed(2));

export function currentQuarter(d = dayjs()): string {
  return `${d.year()}-Q${Math.floor(d.month() / 3) + 1}`;
}

/** The last eight quarters, newest first, for the picker. */
function quarterOptions(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 8; i++) out.push(currentQuarter(dayjs().subtract(i * 3, 'month')));
  return out;
}

const percent = (w: number) => `${Math.round(w * 1000) / 10}%`;

/** 季度评比: each area's quarter score (the mean of its months' totals, mixed with the 领导评价) and ranking, with the months beside it. */
export function QuarterPage() {
  const { user } = useAuth();
  const [sp, setSp] = useSearchParams();
  const quarter = sp.get('quarter') ?? currentQuarter();
  const res = useFetch<QuarterEvaluationsDto>('/evaluations/quarter', { quarter });
  const q = res.data;
  const ranked = (q?.items ?? []).filter((i) => i.total !== null);
  return (
    <div>
      <Typography.Title level={4}>季度评比</Typography.Title>
      <Space style={{ marginBottom: 16 }}>
        <Select
          style={{ width: 160 }}
          value={quarter}
          onChange={(v) => setSp({ quarter: v })}
          options={quarterOptions().map((v) => ({ value: v, label: v.replace('-Q', ' 年第 ') + ' 季度' }))}
        />
        {q && (
          <Typography.Text type="secondary" data-testid="quarter-formula">
            {q.leaderWeight > 0
              ? `季度得分 = 各月总分平均 × ${percent(1 - q.leaderWeight)} + 领导评价 × ${percent(q.leaderWeight)}（没有领导评价的区域只看月度平均；没有数据的月份不计）`
              : '季度得分 = 各月总分的平均（没有数据的月份不计）；领导评价的权重为 0，暂不计入，可在“考评细则与权重”中设置'}
          </Typography.Text>
        )}
      </Space>
      <PageState loading={res.loading} error={res.error} onRetry={res.reload} empty={!q}>
        {q && (
          <div data-testid="quarter" data-quarter={q.quarter} data-leader-weight={q.leaderWeight}>
            <Table<QuarterItemDto>
              rowKey="areaId"
              size="small"
              pagination={false}
              dataSource={q.items}
              style={{ marginBottom: 16 }}
              columns={[
                {
                  title: '排名',
                  dataIndex: 'rank',
                  width: 120,
                  render: (rank: number | null, i) => (
                    <Space>
                      {rank ?? '—'}
                      {i.top && <Tag color="gold">第一</Tag>}
                      {i.bottom && <Tag color="red">末位</Tag>}
                    </Space>
                  ),
                },
                { title: '区域', dataIndex: 'areaName' },
                ...q.months.map((m, idx) => ({
                  title: `${Number(m.slice(5))} 月`,
                  key: m,
                  render: (_: unknown, i: QuarterItemDto) => score(i.months[idx]),
                })),
                { title: '月度平均', dataIndex: 'monthsMean', render: score },
                {
                  title: `领导评价（${percent(q.leaderWeight)}）`,
                  dataIndex: 'leader',
                  render: (v: number | null) => (v === null ? <Typography.Text type="secondary">未评</Typography.Text> : v.toFixed(2)),
                },
                {
                  title: '季度得分',
                  dataIndex: 'total',
                  render: (v: number | null) => <Typography.Text strong>{score(v)}</Typography.Text>,
                },
              ]}
            />
            <Card size="small" title={`${q.quarter} 季度得分`} style={{ width: 560 }}>
              <Chart
                style={{ height: 300 }}
                option={{
                  tooltip: {},
                  grid: { left: 48, right: 16, top: 16, bottom: 48 },
                  xAxis: { type: 'category', data: ranked.map((i) => i.areaName) },
                  yAxis: { type: 'value', min: 0, max: 1000 },
                  series: [
                    {
                      type: 'bar',
                      data: ranked.map((i) => ({
                        value: i.total,
                        itemStyle: { color: i.top ? '#d4a017' : i.bottom ? '#cf1322' : '#1677ff' },
                      })),
                      label: { show: true, position: 'top' },
                    },
                  ],
                }}
              />
            </Card>
            {can(user?.roles, 'config.edit') && <LeaderScoresCard quarter={q.quarter} areas={q.items} onSaved={res.reload} />}
          </div>
        )}
      </PageState>
    </div>
  );
}
