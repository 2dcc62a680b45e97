import { auditAnchorLine, type BriefingDto, type BriefingRankingRowDto } from '@sansui/shared';
import { Alert, Button, Card, DatePicker, Descriptions, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { Chart } from '../../components/Chart';
import { PageState } from '../../components/PageState';
import { useAction, useFetch } from '../../lib/hooks';
import { componentScoreColumns, RankingTable, score } from './RankingTable';
import { thisMonth } from './RoundsPage';

const change = (v: number | null) =>
  v === null ? (
    '—'
  ) : (
    <Typography.Text type={v > 0 ? 'success' : v < 0 ? 'danger' : undefined}>{v > 0 ? `+${v.toFixed(2)}` : v.toFixed(2)}</Typography.Text>
  );

/** 月度简报: the month's inspections, ranking with the change on last month, problems found most and 督办; printable and Excel. */
export function BriefingPage() {
  const [sp, setSp] = useSearchParams();
  const month = sp.get('month') ?? thisMonth();
  const res = useFetch<BriefingDto>('/evaluations/briefing', { month });
  const { busy, run } = useAction();
  const b = res.data;
  const download = (format: 'html' | 'xlsx') =>
    run(format, () => api.download('/evaluations/briefing/document', { month, format }, `月度简报_${month}.${format}`));
  return (
    <div>
      <Typography.Title level={4}>月度简报</Typography.Title>
      <Space style={{ marginBottom: 16 }} wrap>
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          onChange={(d) => d && setSp({ month: d.format('YYYY-MM') })}
        />
        <Button loading={busy === 'html'} onClick={() => download('html')}>
          简报（可打印 HTML）
        </Button>
        <Button loading={busy === 'xlsx'} onClick={() => download('xlsx')}>
          简报（Excel）
        </Button>
      </Space>
      <PageState loading={res.loading} error={res.error} onRetry={res.reload} empty={!b}>
        {b && (
          <div data-testid="briefing" data-month={b.month}>
            <Typography.Title level={5}>
              {b.title} {b.published ? <Tag color="green">结果已发布</Tag> : <Tag color="orange">结果未发布，得分为当前计算值</Tag>}
            </Typography.Title>
            <Descriptions size="small" column={6} bordered style={{ marginBottom: 16 }}>
              <Descriptions.Item label="暗访">{b.overview.covertRounds} 次</Descriptions.Item>
              <Descriptions.Item label="明查">{b.overview.openRounds} 次</Descriptions.Item>
              <Descriptions.Item label="发现问题">{b.overview.findings} 条</Descriptions.Item>
              <Descriptions.Item label="扣分">{b.overview.deduction} 分</Descriptions.Item>
              <Descriptions.Item label="立案">{b.overview.casesOpened} 件</Descriptions.Item>
              <Descriptions.Item label="已办结">{b.overview.casesClosed} 件</Descriptions.Item>
            </Descriptions>
            {b.notes.length > 0 && (
              <Alert type="info" showIcon style={{ marginBottom: 16 }} message="权重折算" description={b.notes.join('；')} />
            )}
            <Card size="small" title="各区得分与上月对比" style={{ marginBottom: 16 }}>
              <RankingTable<BriefingRankingRowDto>
                rows={b.ranking}
                scores={componentScoreColumns()}
                after={[
                  { title: '上月总分', dataIndex: 'previousTotal', render: score },
                  { title: '变化', dataIndex: 'change', render: change },
                ]}
              />
            </Card>
            <Space align="start" wrap>
              <Card size="small" title="突出问题（按处数）" style={{ width: 560 }}>
                {b.topProblems.length === 0 ? (
                  <Typography.Text type="secondary">本月检查未发现问题</Typography.Text>
                ) : (
                  <Chart
                    style={{ height: 280 }}
                    option={{
                      tooltip: {},
                      grid: { left: 160, right: 32, top: 8, bottom: 24 },
                      xAxis: { type: 'value', minInterval: 1 },
                      yAxis: {
                        type: 'category',
                        inverse: true,
                        data: b.topProblems.map((p) => `${p.itemCode} ${p.text.slice(0, 10)}`),
                      },
                      series: [{ type: 'bar', data: b.topProblems.map((p) => p.occurrences), label: { show: true, position: 'right' } }],
                    }}
                  />
                )}
              </Card>
              <Card size="small" title="各类问题扣分" style={{ width: 400 }}>
                <Table
                  rowKey="section"
                  size="small"
                  pagination={false}
                  dataSource={b.sections}
                  locale={{ emptyText: '无' }}
                  columns={[
                    { title: '类别', dataIndex: 'section' },
                    { title: '发现', dataIndex: 'findings', width: 70 },
                    { title: '扣分', dataIndex: 'deduction', width: 70 },
                  ]}
                />
              </Card>
              <Card size="small" title="督办情况" style={{ width: 260 }}>
                <Descriptions size="small" column={1}>
                  <Descriptions.Item label="下发">{b.supervision.issued} 份</Descriptions.Item>
                  <Descriptions.Item label="待回复">{b.supervision.awaitingReply} 份</Descriptions.Item>
                  <Descriptions.Item label="逾期未回复">{b.supervision.overdue} 份</Descriptions.Item>
                  <Descriptions.Item label="整改中">{b.supervision.replied} 份</Descriptions.Item>
                  <Descriptions.Item label="已办结">{b.supervision.closed} 份</Descriptions.Item>
                </Descriptions>
              </Card>
            </Space>
            <Typography.Paragraph
              type="secondary"
              style={{ marginTop: 16, fontSize: 12, wordBreak: 'break-all' }}
              data-testid="briefing-anchor"
            >
              {auditAnchorLine(b.auditAnchor)}
            </Typography.Paragraph>
          </div>
        )}
      </PageState>
    </div>
  );
}
