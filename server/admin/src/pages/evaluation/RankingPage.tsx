import type { EvaluationItemDto, EvaluationsDto } from '@sansui/shared';
import { Alert, App, Button, Card, DatePicker, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { can } from '../../access';
import { api } from '../../api/client';
import { useAuth } from '../../auth';
import { Chart } from '../../components/Chart';
import { PageState } from '../../components/PageState';
import { useAction, useFetch } from '../../lib/hooks';
import { componentScoreColumns, RankingBars, RankingTable } from './RankingTable';
import { thisMonth } from './RoundsPage';

const TREND_MONTHS = 6;

/** 千分制排名: the month's ranking of districts (暗访 40 %, 明查 50 %, 数字化城管 10 % by default), a bar chart and a six-month trend. */
export function RankingPage() {
  const [sp, setSp] = useSearchParams();
  const month = sp.get('month') ?? thisMonth();
  const res = useFetch<EvaluationsDto>('/evaluations', { month });
  const trend = useTrend(month);
  const data = res.data;
  const { user } = useAuth();
  const { message } = App.useApp();
  const { busy, run } = useAction();
  const publish = async () => {
    if (await run('publish', () => api.post(`/evaluations/${month}/publish`))) {
      message.success(`${month} 考评结果已发布`);
      res.reload();
    }
  };
  const w = data?.weights;
  return (
    <div>
      <Typography.Title level={4}>千分制排名</Typography.Title>
      <Space style={{ marginBottom: 16 }}>
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          onChange={(d) => d && setSp({ month: d.format('YYYY-MM') })}
        />
        {w && (
          <Typography.Text type="secondary">
            权重：暗访 {w.covert * 100}%、明查 {w.open * 100}%、数字化城管 {w.digital * 100}%（只计已发布的检查）
          </Typography.Text>
        )}
        {data?.published && (
          <Tag color="green" data-testid="month-published">
            已发布 {new Date(data.published.at).toLocaleString('zh-CN')}，得分不再变动
          </Tag>
        )}
        {data && !data.published && (
          <Tag color="orange" data-testid="month-live">
            未发布：得分随检查和案卷实时计算
          </Tag>
        )}
        {data && !data.published && can(user?.roles, 'evaluation.run') && (
          <Popconfirm
            title={`发布 ${month} 考评结果？`}
            description="发布后保存当前得分与排名，该月不能再新建检查轮次，权重调整也不再影响该月。须先发布该月全部检查轮次。"
            okText="发布"
            cancelText="取消"
            onConfirm={publish}
          >
            <Button type="primary" loading={busy === 'publish'}>
              发布本月结果
            </Button>
          </Popconfirm>
        )}
      </Space>
      <PageState loading={res.loading} error={res.error} onRetry={res.reload} empty={!data}>
        {data && data.notes.length > 0 && (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} message="权重折算" description={data.notes.join('；')} />
        )}
        <RankingTable<EvaluationItemDto>
          rows={data?.items}
          style={{ marginBottom: 16 }}
          scores={componentScoreColumns()}
          after={[
            {
              title: '依据',
              render: (_, i) =>
                `暗访 ${i.inputs.covertRounds.length} 轮、明查 ${i.inputs.openRounds.length} 轮；结案 ${i.inputs.kpis.closed} 件（按期 ${i.inputs.kpis.closedOnTime}、有整改照片 ${i.inputs.kpis.closedWithEvidence}），评价 ${i.inputs.kpis.feedback} 条（满意 ${i.inputs.kpis.satisfied}）`,
            },
          ]}
        />
        {data && data.items.length > 0 && <GridRanking month={month} areas={data.items} />}
        <Space align="start" wrap>
          <RankingBars title={`${month} 总分`} rows={data?.items ?? []} height={320} />
          <Card size="small" title={`近 ${TREND_MONTHS} 个月总分趋势`} style={{ width: 560 }}>
            <Chart
              style={{ height: 320 }}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { bottom: 0 },
                grid: { left: 48, right: 16, top: 16, bottom: 56 },
                xAxis: { type: 'category', data: trend.months },
                yAxis: { type: 'value', min: 0, max: 1000 },
                series: trend.series.map((s) => ({ type: 'line', name: s.name, data: s.data, connectNulls: false })),
              }}
            />
          </Card>
        </Space>
      </PageState>
    </div>
  );
}

function GridRanking({ month, areas }: { month: string; areas: EvaluationItemDto[] }) {
  const [areaId, setAreaId] = useState(areas[0].areaId);
  const res = useFetch<EvaluationsDto>('/evaluations/grids', { month, areaId });
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title="社区排名"
      extra={
        <Select
          aria-label="区域"
          style={{ width: 160 }}
          value={areaId}
          onChange={setAreaId}
          options={areas.map((a) => ({ value: a.areaId, label: a.areaName }))}
        />
      }
    >
      <PageState loading={res.loading} error={res.error} onRetry={res.reload} empty={!res.data?.items.length} emptyText="该区域下没有社区">
        <RankingTable<EvaluationItemDto> rows={res.data?.items} areaTitle="社区" scores={componentScoreColumns()} />
      </PageState>
    </Card>
  );
}

function useTrend(month: string) {
  const [state, setState] = useState<{ months: string[]; series: { name: string; data: (number | null)[] }[] }>({ months: [], series: [] });
  useEffect(() => {
    const months = Array.from({ length: TREND_MONTHS }, (_, i) =>
      dayjs(`${month}-01`)
        .subtract(TREND_MONTHS - 1 - i, 'month')
        .format('YYYY-MM'),
    );
    let live = true;
    Promise.all(months.map((m) => api.get<EvaluationsDto>('/evaluations', { month: m })))
      .then((all) => {
        if (!live) return;
        const names = new Map<number, string>();
        for (const r of all) for (const i of r.items) names.set(i.areaId, i.areaName);
        const series = [...names].map(([id, name]) => ({
          name,
          data: all.map((r) => r.items.find((i) => i.areaId === id)?.total ?? null),
        }));
        setState({ months, series });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [month]);
  return state;
}
