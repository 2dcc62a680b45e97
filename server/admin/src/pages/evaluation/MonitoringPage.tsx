import type { MonitoringPointDto, MonitoringPointsDto } from '@sansui/shared';
import { Card, Select, Space, Table, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { GridMap } from '../../components/GridMap';
import { PageState } from '../../components/PageState';
import { useFetch } from '../../lib/hooks';

const REASON_COLORS: Record<MonitoringPointDto['reason'], string> = { repeated_cases: 'volcano', repeated_findings: 'purple' };
const day = (iso: string) => new Date(iso).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });

/** The points as a table: where, what, why, since when, how long clean, and the cases and findings behind them. */
export function MonitoringTable({ rows, compact = false }: { rows: MonitoringPointDto[]; compact?: boolean }) {
  return (
    <Table<MonitoringPointDto>
      rowKey="key"
      size="small"
      pagination={compact ? false : { pageSize: 20, hideOnSinglePage: true }}
      dataSource={rows}
      columns={[
        { title: '区域', dataIndex: 'areaName', width: 90, render: (a: string | null) => a ?? '—' },
        {
          title: '地点',
          render: (_, p) => (
            <span data-point={p.key}>
              {p.address ?? p.gridName ?? `${p.lat.toFixed(5)}, ${p.lng.toFixed(5)}`}
              {p.address && p.gridName && <Typography.Text type="secondary">（{p.gridName}）</Typography.Text>}
            </span>
          ),
        },
        { title: '问题分类', dataIndex: 'categoryName', width: 110 },
        {
          title: '列入原因',
          dataIndex: 'reason',
          width: 190,
          render: (_: unknown, p) => (
            <Tag color={REASON_COLORS[p.reason]} data-reason={p.reason}>
              {p.reasonText}
            </Tag>
          ),
        },
        { title: '列入日期', dataIndex: 'since', width: 100, render: day },
        { title: '最近一次问题', dataIndex: 'lastEventAt', width: 110, render: day },
        {
          title: '已连续无问题',
          dataIndex: 'cleanDays',
          width: 150,
          render: (d: number, p) => (
            <span data-clean-days={d}>
              {d} 天<Typography.Text type="secondary">（{p.clearsOn} 移出）</Typography.Text>
            </span>
          ),
        },
        ...(compact
          ? []
          : [
              {
                title: '案件 / 检查发现',
                render: (_: unknown, p: MonitoringPointDto) => (
                  <Space size={4} wrap>
                    {p.events.map((e) =>
                      e.kind === 'case' ? (
                        <Link key={`c${e.id}`} to={`/cases/${e.id}`}>
                          #{e.id}
                        </Link>
                      ) : (
                        <Link key={`f${e.id}`} to={`/evaluation/rounds/${e.roundId}`}>
                          <Tag>检查发现</Tag>
                        </Link>
                      ),
                    )}
                  </Space>
                ),
              },
            ]),
      ]}
    />
  );
}

/**
 * 重点监控点位 (docs/domain.md §16): places that keep relapsing, on the city's grid map and in a table, for the
 * inspectors to revisit; a point leaves the list by itself after 60 clean days.
 */
export function MonitoringPage() {
  const [sp, setSp] = useSearchParams();
  const areaId = sp.get('areaId') ? Number(sp.get('areaId')) : undefined;
  const all = useFetch<MonitoringPointsDto>('/monitoring-points');
  const res = useFetch<MonitoringPointsDto>('/monitoring-points', areaId ? { areaId } : undefined);
  const d = res.data;
  const areas = [...new Map((all.data?.items ?? []).filter((p) => p.areaId).map((p) => [p.areaId!, p.areaName ?? ''])).entries()];
  return (
    <div>
      <Typography.Title level={4}>重点监控点位</Typography.Title>
      <Typography.Paragraph type="secondary">
        同一地点（该类问题的重复判定半径内）{d?.rules.windowDays ?? 90} 天内同类问题 {d?.rules.caseThreshold ?? 3}{' '}
        件以上，或连续两轮检查都发现同类问题，即列为重点监控点位，明查、暗访时须复查；连续 {d?.rules.cleanDays ?? 60}{' '}
        天（北京时间整天）没有新的案件或检查发现，自动移出名单。
      </Typography.Paragraph>
      <Space style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder="全部区域"
          aria-label="按区域筛选"
          style={{ width: 180 }}
          value={areaId}
          onChange={(v?: number) => setSp(v ? { areaId: String(v) } : {})}
          options={areas.map(([id, name]) => ({ value: id, label: name }))}
        />
      </Space>
      <PageState loading={res.loading} error={res.error} onRetry={res.reload} empty={!d}>
        {d && (
          <div data-testid="monitoring" data-count={d.items.length}>
            <Card size="small" title={`点位分布（${d.items.length} 处）`} style={{ marginBottom: 16 }}>
              <div data-testid="monitoring-map" data-points={d.items.length}>
                <GridMap
                  whole
                  width={760}
                  height={460}
                  points={d.items.map((p) => ({
                    lat: p.lat,
                    lng: p.lng,
                    color: p.reason === 'repeated_cases' ? '#f5222d' : '#722ed1',
                    label: `${p.categoryName}${p.caseCount ? ` ${p.caseCount} 件` : ''}`,
                  }))}
                />
              </div>
              <Space size={16} style={{ marginTop: 8 }}>
                <span>
                  <Tag color="#f5222d">●</Tag>同类问题多发
                </span>
                <span>
                  <Tag color="#722ed1">●</Tag>连续两轮检查发现
                </span>
              </Space>
            </Card>
            <Card size="small" title="点位清单">
              {d.items.length === 0 ? (
                <Typography.Text type="secondary">目前没有重点监控点位</Typography.Text>
              ) : (
                <MonitoringTable rows={d.items} />
              )}
            </Card>
          </div>
        )}
      </PageState>
    </div>
  );
}

/** On a round: the points inside its areas, for the inspectors to revisit on this round. */
export function RoundMonitoringCard({ roundId }: { roundId: number }) {
  const res = useFetch<MonitoringPointsDto>('/monitoring-points', { roundId });
  const rows = res.data?.items ?? [];
  return (
    <Card
      size="small"
      title={`本轮须复查的重点监控点位（${rows.length} 处）`}
      extra={<Link to="/evaluation/monitoring">全部点位与地图</Link>}
      style={{ marginTop: 16 }}
      data-testid="round-monitoring"
      data-count={res.data ? rows.length : undefined}
    >
      <PageState loading={res.loading} error={res.error} onRetry={res.reload} empty={!res.data}>
        {rows.length === 0 ? (
          <Typography.Text type="secondary">本轮受检区域内没有重点监控点位</Typography.Text>
        ) : (
          <MonitoringTable rows={rows} compact />
        )}
      </PageState>
    </Card>
  );
}
