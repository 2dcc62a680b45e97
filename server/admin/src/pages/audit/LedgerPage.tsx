import { chinaDay, formatFen, LEDGER_KINDS, type LedgerEntryDto, type LedgerKind, type ReconciliationDto } from '@sansui/shared';
import { Alert, Button, Card, DatePicker, Select, Space, Table, Tag, Typography } from 'antd';
import { api } from '../../api/client';
import dayjs from 'dayjs';
import { PageState } from '../../components/PageState';
import { formatTime } from '../../lib/countdown';
import { useAction, useFetch, useServerList, useUrlFilters } from '../../lib/hooks';

const SPEC = { kind: 'string', rewardId: 'number' } as const;
const DATE_SPEC = { date: 'string' } as const;

export const LEDGER_KIND_LABELS: Record<LedgerKind, string> = {
  reserved: '预算预留',
  granted: '发放红包',
  held: '冻结待审',
  released: '审核放行',
  cancelled: '取消',
  paid: '已到账',
  failed: '转账失败',
  reversed: '冲正',
};

/** Reconciliation difference codes (server payouts/reconciliation) → Chinese; unknown codes show as they are. */
export const DIFFERENCE_LABELS: Record<string, string> = {
  RESERVED_MISMATCH: '预留与活动记录不符',
  REWARDS_MISMATCH: '预留与红包合计不符',
  PAID_MISMATCH: '台账到账与红包不符',
  BILLS_MISMATCH: '台账到账与微信账单不符',
  BILL_WITHOUT_REWARD: '转账单无对应红包',
  BILL_SUCCESS_NOT_PAID: '转账成功但红包未到账',
  AMOUNT_MISMATCH: '金额不一致',
  PAID_WITHOUT_BILL: '已到账但无转账单',
};

/** Which reconciliation rows disagree (ledger paid vs WeChat Pay bills). */
export function campaignMismatch(c: ReconciliationDto['campaigns'][number]): boolean {
  return c.paidFen !== c.billsSuccessFen || c.reservedFen + c.remainingFen !== c.budgetFen;
}

export function LedgerPage() {
  const [d] = useUrlFilters(DATE_SPEC);
  const list = useServerList<LedgerEntryDto, typeof SPEC>('/ledger', SPEC);
  const f = list.filters;
  const setF = list.setFilters;
  const date = d.date ?? chinaDay(new Date());
  const rec = useFetch<ReconciliationDto>('/ledger/reconciliation', { date });
  const { busy, run } = useAction();
  const exportLedger = () => run('export', () => api.download('/exports/ledger.xlsx', { kind: f.kind }, '资金台账.xlsx'));
  return (
    <div>
      <Typography.Title level={4}>台账与对账</Typography.Title>
      <Card
        size="small"
        title="每日对账"
        style={{ marginBottom: 16 }}
        extra={
          <DatePicker value={dayjs(date)} allowClear={false} onChange={(d) => d && setF({ date: d.format('YYYY-MM-DD'), page: f.page })} />
        }
      >
        <PageState loading={rec.loading} error={rec.error} onRetry={rec.reload}>
          {rec.data && (
            <Space direction="vertical" style={{ width: '100%' }}>
              {rec.data.ok ? (
                <Alert type="success" showIcon message={`${rec.data.date} 对账一致：台账与微信支付账单相符`} data-testid="reconcile-ok" />
              ) : (
                <Alert
                  type="error"
                  showIcon
                  message={`${rec.data.date} 对账发现 ${rec.data.differences.length} 处差异`}
                  data-testid="reconcile-diff"
                />
              )}
              <Space size="large">
                <span>当日发放：{formatFen(rec.data.day.grantedFen)}</span>
                <span>当日到账（台账）：{formatFen(rec.data.day.paidFen)}</span>
                <span>
                  当日到账（微信账单）：
                  <Typography.Text type={rec.data.day.paidFen !== rec.data.day.billsSuccessFen ? 'danger' : undefined}>
                    {formatFen(rec.data.day.billsSuccessFen)}
                  </Typography.Text>
                </span>
              </Space>
              <Table
                rowKey="campaignId"
                size="small"
                pagination={false}
                dataSource={rec.data.campaigns}
                rowClassName={(c) => (campaignMismatch(c) ? 'diff-row' : '')}
                columns={[
                  { title: '活动', dataIndex: 'name' },
                  { title: '预算', dataIndex: 'budgetFen', render: formatFen },
                  { title: '已预留', dataIndex: 'reservedFen', render: formatFen },
                  { title: '剩余', dataIndex: 'remainingFen', render: formatFen },
                  { title: '已发放', dataIndex: 'grantedFen', render: formatFen },
                  { title: '已到账（台账）', dataIndex: 'paidFen', render: formatFen },
                  { title: '已到账（微信账单）', dataIndex: 'billsSuccessFen', render: formatFen },
                ]}
              />
              {rec.data.differences.length > 0 && (
                <Table
                  rowKey={(d, i) => `${d.kind}-${d.rewardId ?? ''}-${d.outBillNo ?? ''}-${i}`}
                  size="small"
                  pagination={false}
                  dataSource={rec.data.differences}
                  rowClassName={() => 'diff-row'}
                  columns={[
                    {
                      title: '差异',
                      dataIndex: 'kind',
                      render: (k: string) => <Typography.Text type="danger">{DIFFERENCE_LABELS[k] ?? k}</Typography.Text>,
                    },
                    { title: '红包', dataIndex: 'rewardId', render: (v) => (v ? `#${v}` : '—') },
                    { title: '转账单号', dataIndex: 'outBillNo', render: (v) => v ?? '—' },
                    { title: '说明', dataIndex: 'detail' },
                  ]}
                />
              )}
            </Space>
          )}
        </PageState>
      </Card>
      <Card
        size="small"
        title="资金台账"
        extra={
          <Space>
            <Select
              aria-label="类型"
              allowClear
              placeholder="类型"
              style={{ width: 160 }}
              value={f.kind}
              onChange={(v) => setF({ kind: v })}
              options={LEDGER_KINDS.map((k) => ({ value: k, label: LEDGER_KIND_LABELS[k] }))}
            />
            <Button loading={busy === 'export'} onClick={exportLedger}>
              导出 Excel
            </Button>
          </Space>
        }
      >
        {list.error ? (
          <PageState loading={false} error={list.error} onRetry={list.reload} />
        ) : (
          <Table<LedgerEntryDto>
            rowKey="id"
            size="small"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: '台账暂无记录' }}
            columns={[
              { title: '序号', dataIndex: 'id' },
              { title: '时间', dataIndex: 'createdAt', render: formatTime },
              { title: '类型', dataIndex: 'kind', render: (k: LedgerKind) => <Tag>{LEDGER_KIND_LABELS[k] ?? k}</Tag> },
              { title: '金额', dataIndex: 'amountFen', render: formatFen },
              { title: '预算余额', dataIndex: 'budgetRemainingFen', render: formatFen },
              { title: '红包', dataIndex: 'rewardId', render: (v) => (v ? `#${v}` : '—') },
              { title: '转账单号', dataIndex: 'outBillNo', render: (v) => v ?? '—' },
              { title: '操作人', dataIndex: 'actorUserId', render: (v) => (v ? `#${v}` : '系统') },
              { title: '备注', dataIndex: 'note', render: (v) => v ?? '' },
            ]}
            pagination={{
              current: list.data?.page,
              pageSize: list.data?.pageSize,
              total: list.data?.total,
              showTotal: (t) => `共 ${t} 条`,
              onChange: (page, pageSize) => setF({ page, pageSize }),
            }}
          />
        )}
      </Card>
    </div>
  );
}
