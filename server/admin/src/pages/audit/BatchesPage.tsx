import { formatFen, REWARD_STATUS_LABELS, REWARD_STATUSES, type PayoutBatchDto } from '@sansui/shared';
import { App, Button, Descriptions, Drawer, Popconfirm, Progress, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { approveBlockReason, can } from '../../access';
import { api } from '../../api/client';
import { PageState } from '../../components/PageState';
import { useAuth } from '../../auth';
import { formatTime } from '../../lib/countdown';
import { useAction, useServerList } from '../../lib/hooks';
import { EMPTY_LINE_FILTER, lineCriteria, LineFilters, LinesTable, selectionSummary, useLines, type LineFilterState } from './PayoutLines';

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

/** "审批批次 #3：共 12 笔，合计 ¥88.00": the approval states what will be paid. */
export function approveQuestion(b: Pick<PayoutBatchDto, 'id' | 'totalFen' | 'rewardIds'>): string {
  return `审批批次 #${b.id}：${selectionSummary({ total: b.rewardIds.length, totalFen: b.totalFen })}？审批后居民即可领取。`;
}

function ApproveButton({ b, busy, onApprove, size }: { b: PayoutBatchDto; busy: boolean; onApprove: () => void; size?: 'small' }) {
  const { user } = useAuth();
  const reason = approveBlockReason(user?.roles, user?.id, b);
  if (b.status !== 'proposed') return null;
  const btn = (
    <Button type="primary" size={size} disabled={!!reason} loading={busy} data-testid={`approve-${b.id}`}>
      审批
    </Button>
  );
  if (reason)
    return (
      <Tooltip title={reason}>
        <span>{btn}</span>
      </Tooltip>
    );
  return (
    <Popconfirm title={approveQuestion(b)} okText="确认审批" cancelText="取消" onConfirm={onApprove}>
      {btn}
    </Popconfirm>
  );
}

function approverNames(b: PayoutBatchDto): string {
  return b.approvals.length ? b.approvals.map((a) => a.userName || `#${a.userId}`).join('、') : '尚无';
}

/** The proposer's view: pick the cleared rewards to batch, see count and total, confirm exactly that. */
function ProposeDrawer({ open, onClose, onProposed }: { open: boolean; onClose: () => void; onProposed: () => void }) {
  const [filter, setFilter] = useState<LineFilterState>(EMPTY_LINE_FILTER);
  const lines = useLines(open ? '/payout-batches/candidates' : null, filter);
  const { busy, run } = useAction();
  const { message } = App.useApp();
  const sel = lines.data;
  const propose = () =>
    run('propose', () =>
      api.post<PayoutBatchDto>('/payout-batches', { ...lineCriteria(filter), expectedCount: sel?.total, expectedTotalFen: sel?.totalFen }),
    ).then((ok) => {
      if (ok) {
        message.success(`已提出发放批次（${selectionSummary(sel)}），等待另一位审计员审批`);
        setFilter(EMPTY_LINE_FILTER);
        onProposed();
      } else lines.reload();
    });
  return (
    <Drawer open={open} width={1200} onClose={onClose} title="提出发放批次：选择待发放红包" destroyOnHidden>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">
          按部门、分类、金额、异常信号或上报人筛选；不筛选则收入全部待发放红包。提交前请核对笔数和总金额，提交时若待发放红包已有变化会被拒绝。
        </Typography.Paragraph>
        <LineFilters value={filter} onChange={setFilter} />
        <LinesTable
          page={sel}
          loading={lines.loading}
          error={lines.error}
          onReload={lines.reload}
          filter={filter}
          onFilter={setFilter}
          emptyText="没有符合条件的待发放红包"
        />
        <Popconfirm
          title={`提出发放批次：${selectionSummary(sel)}？`}
          okText="提出"
          cancelText="取消"
          onConfirm={propose}
          disabled={!sel?.total}
        >
          <Button type="primary" disabled={!sel?.total || lines.loading} loading={busy === 'propose'} data-testid="propose-confirm">
            {sel ? `提出批次（${selectionSummary(sel)}）` : '提出批次'}
          </Button>
        </Popconfirm>
      </Space>
    </Drawer>
  );
}

/** The approver's view of one batch: who proposed it, who approved, every line with its evidence. */
function BatchDrawer({
  batch,
  onClose,
  approve,
  busy,
}: {
  batch: PayoutBatchDto | null;
  onClose: () => void;
  approve: (b: PayoutBatchDto) => void;
  busy: boolean;
}) {
  const [filter, setFilter] = useState<LineFilterState>(EMPTY_LINE_FILTER);
  const lines = useLines(batch ? `/payout-batches/${batch.id}/lines` : null, filter);
  const reloadLines = lines.reload;
  // Approval moves every line to 可领取: show it.
  useEffect(() => reloadLines(), [batch?.status, reloadLines]);
  return (
    <Drawer
      open={!!batch}
      width={1200}
      onClose={() => {
        setFilter(EMPTY_LINE_FILTER);
        onClose();
      }}
      title={batch ? `发放批次 #${batch.id}` : ''}
      destroyOnHidden
      extra={batch && <ApproveButton b={batch} busy={busy} onApprove={() => approve(batch)} />}
    >
      {batch && (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="batch-detail">
          <Descriptions bordered size="small" column={3}>
            <Descriptions.Item label="笔数">{batch.rewardIds.length}</Descriptions.Item>
            <Descriptions.Item label="总金额">{formatFen(batch.totalFen)}</Descriptions.Item>
            <Descriptions.Item label="状态">{batch.status === 'approved' ? '已审批' : '待审批'}</Descriptions.Item>
            <Descriptions.Item label="提出人">{batch.proposedByName || `#${batch.proposedBy}`}</Descriptions.Item>
            <Descriptions.Item label="提出时间">{formatTime(batch.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={`审批（需 ${batch.approvalsRequired} 人）`}>{approverNames(batch)}</Descriptions.Item>
          </Descriptions>
          <LineFilters value={filter} onChange={setFilter} />
          <LinesTable
            page={lines.data}
            loading={lines.loading}
            error={lines.error}
            onReload={lines.reload}
            filter={filter}
            onFilter={setFilter}
            emptyText="没有符合条件的红包"
          />
        </Space>
      )}
    </Drawer>
  );
}

export function BatchesPage() {
  const { user } = useAuth();
  const list = useServerList<PayoutBatchDto, typeof SPEC>('/payout-batches', SPEC);
  const { busy, run } = useAction();
  const { message } = App.useApp();
  const [proposing, setProposing] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const open = list.data?.items.find((b) => b.id === openId) ?? null;
  const approve = (b: PayoutBatchDto) =>
    run(`approve-${b.id}`, () => api.post(`/payout-batches/${b.id}/approve`, {})).then((ok) => {
      if (ok) {
        message.success(`批次 #${b.id} 已审批（${selectionSummary({ total: b.rewardIds.length, totalFen: b.totalFen })}）`);
        list.reload();
      }
    });
  return (
    <div>
      <Typography.Title level={4}>发放批次</Typography.Title>
      <Typography.Paragraph type="secondary">
        提出批次时可按条件挑选"待发放"的红包，并核对笔数和总金额；提出人不能审批自己的批次，审批后居民才能领取。点击批次查看每一笔的照片、案卷和异常信号。
      </Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        {can(user?.roles, 'batch.propose') && (
          <Button type="primary" onClick={() => setProposing(true)}>
            提出发放批次
          </Button>
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
          onRow={(b) =>
            ({ onClick: () => setOpenId(b.id), style: { cursor: 'pointer' }, 'data-batch-id': b.id }) as React.HTMLAttributes<HTMLElement>
          }
          columns={[
            { title: '批次', dataIndex: 'id', render: (v) => `#${v}` },
            { title: '金额', dataIndex: 'totalFen', render: (v) => formatFen(v) },
            { title: '红包数', key: 'n', render: (_, b) => b.rewardIds?.length ?? 0 },
            {
              title: '提出人',
              dataIndex: 'proposedBy',
              render: (v, b) => (
                <Space size={4}>
                  {b.proposedByName || `#${v}`}
                  {v === user?.id && <Tag color="purple">我</Tag>}
                </Space>
              ),
            },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s) => <Tag color={s === 'approved' ? 'green' : 'orange'}>{s === 'approved' ? '已审批' : '待审批'}</Tag>,
            },
            {
              title: '审批',
              key: 'ap',
              render: (_, b) => <Tooltip title={approverNames(b)}>{`${b.approvals?.length ?? 0} / ${b.approvalsRequired ?? 1}`}</Tooltip>,
            },
            {
              title: '转账进度（已到账 / 总数）',
              key: 'progress',
              render: (_, b) => {
                const p = batchProgress(b);
                return (
                  <div>
                    <Progress
                      percent={p.percent}
                      size="small"
                      format={() => `${p.paid}/${p.total}`}
                      aria-label={`批次 ${b.id} 转账进度：已到账 ${p.paid} 笔，共 ${p.total} 笔`}
                      style={{ width: 140 }}
                    />
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
              render: (_, b) => (
                <Space onClick={(e) => e.stopPropagation()}>
                  <Button size="small" onClick={() => setOpenId(b.id)} data-testid={`open-batch-${b.id}`}>
                    明细
                  </Button>
                  <ApproveButton b={b} size="small" busy={busy === `approve-${b.id}`} onApprove={() => approve(b)} />
                </Space>
              ),
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
      <ProposeDrawer
        open={proposing}
        onClose={() => setProposing(false)}
        onProposed={() => {
          setProposing(false);
          list.reload();
        }}
      />
      <BatchDrawer batch={open} onClose={() => setOpenId(null)} approve={approve} busy={busy === `approve-${open?.id}`} />
    </div>
  );
}
