import type { QuarterEvaluationsDto, QuarterItemDto } from '@sansui/shared';
import { Select, Space, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { can } from '../../access';
import { useAuth } from '../../auth';
import { PageState } from '../../components/PageState';
import { chinaQuarter, recentChinaQuarters } from '../../lib/china-periods';
import { useFetch } from '../../lib/hooks';
import { LeaderScoresCard } from './LeaderScoresCard';
import { RankingBars, RankingTable, score } from './RankingTable';

/** This quarter in China (not the browser's). */
export const currentQuarter = () => chinaQuarter();

/** The last eight quarters, newest first, for the picker. */
const quarterOptions = () => recentChinaQuarters(8);

const percent = (w: number) => `${Math.round(w * 1000) / 10}%`;

/** 季度评比: each area's quarter score (the mean of its months' totals, mixed with the 领导评价) and ranking, with the months beside it. */
export function QuarterPage() {
  const { user } = useAuth();
  const [sp, setSp] = useSearchParams();
  const quarter = sp.get('quarter') ?? currentQuarter();
  const res = useFetch<QuarterEvaluationsDto>('/evaluations/quarter', { quarter });
  const q = res.data;
  return (
    <div>
      <Typography.Title level={4}>季度评比</Typography.Title>
      <Space style={{ marginBottom: 16 }}>
        <Select
          aria-label="季度"
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
            <RankingTable<QuarterItemDto>
              rows={q.items}
              style={{ marginBottom: 16 }}
              scores={[
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
              ]}
              totalTitle="季度得分"
            />
            <RankingBars title={`${q.quarter} 季度得分`} rows={q.items} height={300} />
            {can(user?.roles, 'config.edit') && <LeaderScoresCard quarter={q.quarter} areas={q.items} onSaved={res.reload} />}
          </div>
        )}
      </PageState>
    </div>
  );
}
