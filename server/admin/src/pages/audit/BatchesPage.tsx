import { formatFen, REWARD_STATUS_LABELS, REWARD_STATUSES, type PayoutBatchDto } from '@sansui/shared';
import { App, Button, Popconfirm, Progress, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { approveBlockReason, can } from '../../access';
import { api } from '../../api/client';
import { PageState } from '../../components/PageState';
import { useAuth } from '../../auth';
import { formatTime } from '../../lib/countdown';
import { useAction, useServerList } from '../../lib/hooks';

const SPEC = {} as const;

export function batchProgress(b: PayoutBatchDto): { paid: number; total: number; percent: number } {
  const total = b.rewardIds?.length ?? Object.values(b.progress ?? {}).reduce((a, n) => a + (n ?? 0), 0);
  const paid = b.progress?.paid ?? 0;
  return { paid, total, percent: total ? Math.round((paid / total) * 100) : 0 };
}

/** "可领取 2 · 已到账 1": the batch's rewards per state, in the order a reward moves through them. */
export function progressParts(b: Pick<PayoutBatchDto, 'progress'>): string {
  return REWARD_STATUSES.filter((k) => (b.progress?.[k] ?? 0) > 0)
    .map((k) => `${REWARD_STATUS_LABELS[k]} ${b.progress[k]}`)
    .join(' · ');
}

export function BatchesPage() {
  const { user } = useAuth();
  const list = useServerList<PayoutBatchDto, typeof SPEC>('/payout-batches', SPEC);
  const { busy, run } = useAction();
  const { message } = App.useApp();
  const propose = () =>
    run('propose', () => api.post<PayoutBatchDto>('/payout-batches', {})).then((ok) => {
      if (ok) {
        message.success('已提出发放批次，等待另一位审计员审批');
        list.reload();
      }
    });
  const approve = (b: PayoutBatchDto) =>
    run(`approve-${b.id}`, () => api.post(`/payout-batches/${b.id}/approve`, {})).then((ok) => {
      if (ok) {
        message.success(`批次 #${b.id} 已审批`);
        list.reload();
      }
    });
  return (
    <div>
      <Typography.Title level={4}>发放批次</Typography.Title>
      <Typography.Paragraph type="secondary">
        提出批次会收入所有"待发放"的红包；提出人不能审批自己的批次，审批后才会向居民转账。
      </Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        {can(user?.roles, 'batch.propose') && (
          <Popconfirm title="将所有待发放红包组成一个批次？" okText="提出" cancelText="取消" onConfirm={propose}>
            <Button type="primary" loading={busy === 'propose'}>
              提出发放批次
            </Button>
          </Popconfirm>
        )}
        <Button onClick={list.reload}>刷新</Button>
      </Space>
      {list.error ? (
        <PageState loading={false} error={list.error} onRetry={list.reload} />
      ) : (
        <Table<PayoutBatchDto>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: '还没有发放批次' }}
          columns={[
            { title: '批次', dataIndex: 'id', render: (v) => `#${v}` },
            { title: '金额', dataIndex: 'totalFen', render: (v) => formatFen(v) },
            { title: '红包数', key: 'n', render: (_, b) => b.rewardIds?.length ?? 0 },
            { title: '提出人', dataIndex: 'proposedBy', render: (v) => (v === user?.id ? <Tag color="purple">我</Tag> : `#${v}`) },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s) => <Tag color={s === 'approved' ? 'green' : 'orange'}>{s === 'approved' ? '已审批' : '待审批'}</Tag>,
            },
            { title: '审批', key: 'ap', render: (_, b) => `${b.approvals?.length ?? 0} / ${b.approvalsRequired ?? 1}` },
            {
              title: '转账进度（已到账 / 总数）',
              key: 'progress',
              render: (_, b) => {
                const p = batchProgress(b);
                return (
                  <div>
                    <Progress percent={p.percent} size="small" format={() => `${p.paid}/${p.total}`} style={{ width: 140 }} />
                    <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                      {progressParts(b) || '—'}
                    </Typography.Text>
                  </div>
                );
              },
            },
            { title: '提出时间', dataIndex: 'createdAt', render: formatTime },
            {
              title: '操作',
              key: 'op',
              render: (_, b) => {
                const reason = approveBlockReason(user?.roles, user?.id, b);
                if (b.status !== 'proposed') return null;
                const btn = (
                  <Button
                    type="primary"
                    size="small"
                    disabled={!!reason}
                    loading={busy === `approve-${b.id}`}
                    onClick={() => approve(b)}
                    data-testid={`approve-${b.id}`}
                  >
                    审批
                  </Button>
                );
                return reason ? (
                  <Tooltip title={reason}>
                    <span>{btn}</span>
                  </Tooltip>
                ) : (
                  btn
                );
              },
            },
          ]}
          pagination={{
            current: list.data?.page,
            pageSize: list.data?.pageSize,
            total: list.data?.total,
            onChange: (page, pageSize) => list.setFilters({ page, pageSize }),
          }}
        />
      )}
    </div>
  );
}
