import { formatFen, type StatementDifferenceDto, type StatementReconciliationDto } from '@sansui/shared';
import { Alert, App, Button, Card, DatePicker, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client';
import { PageState } from '../../components/PageState';
import { formatTime } from '../../lib/countdown';
import { useAction, useFetch } from '../../lib/hooks';

export const STATEMENT_STATUS: Record<StatementReconciliationDto['status'], { label: string; color: string }> = {
  ok: { label: '一致', color: 'green' },
  differences: { label: '有差异', color: 'red' },
  unavailable: { label: '未取得账单', color: 'orange' },
};

export const DIFFERENCE_KIND_LABELS: Record<StatementDifferenceDto['kind'], string> = {
  UNKNOWN_OUTFLOW: '没有对应红包的支出',
  MISSING_OUTFLOW: '账单中缺少的支出',
  AMOUNT_MISMATCH: '金额不一致',
  NOT_PAID_YET: '微信已付、红包未记到账',
};

const fen = (v: number | null) => (v === null ? '—' : formatFen(v));

/** 资金账单核对: each day's result against WeChat Pay's fund-flow bill, its differences, re-run and CSV export. */
export function StatementsPage() {
  const list = useFetch<StatementReconciliationDto[]>('/ledger/statements');
  const [open, setOpen] = useState<string | null>(null);
  const [day, setDay] = useState<Dayjs | null>(null);
  const { busy, run } = useAction();
  const { message } = App.useApp();
  const rows = list.data ?? [];
  const shown = rows.find((r) => r.billDate === open) ?? rows[0];
  const reconcile = (date: string) =>
    run(`reconcile-${date}`, async () => {
      const r = await api.post<StatementReconciliationDto>(`/ledger/statements/${date}/reconcile`, {});
      message.info(`${date} 核对完成：${STATEMENT_STATUS[r.status].label}`);
      setOpen(date);
      list.reload();
    });
  if (list.error) return <PageState loading={false} error={list.error} onRetry={list.reload} />;
  return (
    <div>
      <Typography.Title level={4}>资金账单核对</Typography.Title>
      <Typography.Paragraph type="secondary">
        每天上午下载前一天的微信支付资金账单，把每一笔支出与红包逐笔对照。差异的处理方法见审计员指南。
      </Typography.Paragraph>
      <Space style={{ marginBottom: 12 }} wrap>
        <DatePicker value={day} onChange={setDay} placeholder="选择日期" />
        <Button
          type="primary"
          disabled={!day}
          loading={!!day && busy === `reconcile-${day.format('YYYY-MM-DD')}`}
          onClick={() => day && reconcile(day.format('YYYY-MM-DD'))}
        >
          核对该日账单
        </Button>
        <Button onClick={list.reload}>刷新</Button>
      </Space>
      <Table<StatementReconciliationDto>
        rowKey="billDate"
        size="small"
        loading={list.loading}
        dataSource={rows}
        locale={{ emptyText: '还没有核对结果' }}
        pagination={false}
        onRow={(r) =>
          ({
            onClick: () => setOpen(r.billDate),
            style: { cursor: 'pointer' },
            'data-bill-date': r.billDate,
          }) as React.HTMLAttributes<HTMLElement>
        }
        rowClassName={(r) => (r.billDate === shown?.billDate ? 'row-selected' : '')}
        columns={[
          { title: '日期', dataIndex: 'billDate' },
          {
            title: '结果',
            dataIndex: 'status',
            render: (s: StatementReconciliationDto['status']) => <Tag color={STATEMENT_STATUS[s].color}>{STATEMENT_STATUS[s].label}</Tag>,
          },
          { title: '支出', key: 'out', render: (_, r) => `${r.outflowCount} 笔 ${formatFen(r.outflowFen)}` },
          { title: '已匹配', key: 'matched', render: (_, r) => `${r.matchedCount} 笔 ${formatFen(r.matchedFen)}` },
          { title: '差异', key: 'diff', render: (_, r) => r.differences.length || '—' },
          { title: '核对时间', dataIndex: 'checkedAt', render: formatTime },
        ]}
      />
      {shown && (
        <Card
          size="small"
          style={{ marginTop: 16 }}
          title={`${shown.billDate} 核对明细`}
          data-testid="statement-detail"
          data-bill-date={shown.billDate}
          extra={
            <Space>
              <Button size="small" loading={busy === `reconcile-${shown.billDate}`} onClick={() => reconcile(shown.billDate)}>
                重新核对
              </Button>
              <Button
                size="small"
                onClick={() =>
                  run('csv', () =>
                    api.download(`/ledger/statements/${shown.billDate}/export.csv`, undefined, `statement-${shown.billDate}.csv`),
                  )
                }
              >
                导出 CSV
              </Button>
            </Space>
          }
        >
          {shown.status === 'unavailable' ? (
            <Alert
              type="warning"
              showIcon
              message={`未取得账单：${shown.error ?? ''}`}
              description="系统每小时重试；持续失败请联系系统管理员。"
            />
          ) : shown.status === 'ok' ? (
            <Alert
              type="success"
              showIcon
              data-testid="statement-ok"
              message={`一致：${shown.outflowCount} 笔支出共 ${formatFen(shown.outflowFen)}，每一笔都对应一个已到账红包`}
              description={shown.sha1 ? `账单 SHA1：${shown.sha1}` : undefined}
            />
          ) : (
            <Table<StatementDifferenceDto>
              rowKey={(d, i) => `${d.kind}-${d.outBillNo ?? d.wechatBillNo ?? i}`}
              size="small"
              dataSource={shown.differences}
              pagination={false}
              columns={[
                {
                  title: '差异',
                  dataIndex: 'kind',
                  render: (k: StatementDifferenceDto['kind']) => <Tag color="red">{DIFFERENCE_KIND_LABELS[k] ?? k}</Tag>,
                },
                { title: '红包', dataIndex: 'rewardId', render: (v) => (v ? `#${v}` : '—') },
                { title: '居民', dataIndex: 'residentName', render: (v) => v ?? '—' },
                { title: '商户单号', dataIndex: 'outBillNo', render: (v) => v ?? '—' },
                { title: '账单金额', dataIndex: 'billFen', render: fen },
                { title: '红包金额', dataIndex: 'rewardFen', render: fen },
                { title: '说明', dataIndex: 'detail' },
              ]}
            />
          )}
        </Card>
      )}
    </div>
  );
}
