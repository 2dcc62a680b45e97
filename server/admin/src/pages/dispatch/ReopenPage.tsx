import type { ReopenRequestDto } from '@sansui/shared';
import { Drawer, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { CasePanel } from '../../components/CasePanel';
import { PageState } from '../../components/PageState';
import { formatTime } from '../../lib/countdown';
import { keyboardRow } from '../../lib/keyboard';
import { useServerList } from '../../lib/hooks';

const SPEC = { status: 'string' } as const;
const STATUS = { pending: '待决定', accepted: '已重新派遣', declined: '已驳回' } as const;

/** 重新派遣申请: residents who said "没有解决"; the dispatcher opens the case and reopens it. */
export function ReopenPage() {
  const list = useServerList<ReopenRequestDto, typeof SPEC>('/cases/reopen-requests', SPEC);
  const [open, setOpen] = useState<number | null>(null);
  return (
    <div>
      <Typography.Title level={4}>重新派遣申请</Typography.Title>
      <Typography.Paragraph type="secondary">
        居民在结案后 7 天内反馈"没有解决"。打开案卷核实后点"重新派遣"，案卷回到原部门并计为返工。
      </Typography.Paragraph>
      <Segmented
        style={{ marginBottom: 12 }}
        value={list.filters.status ?? 'pending'}
        onChange={(v) => list.setFilters({ status: v === 'pending' ? undefined : String(v), page: 1 })}
        options={(Object.keys(STATUS) as (keyof typeof STATUS)[]).map((s) => ({ value: s, label: STATUS[s] }))}
        data-testid="reopen-status"
      />
      {list.error ? (
        <PageState loading={false} error={list.error} onRetry={list.reload} />
      ) : (
        <Table
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          locale={{
            emptyText:
              list.filters.status && list.filters.status !== 'pending'
                ? `没有${STATUS[list.filters.status as keyof typeof STATUS] ?? ''}的申请`
                : '没有待决定的重新派遣申请',
          }}
          onRow={(r) => keyboardRow(() => setOpen(r.caseId), { 'data-case-id': r.caseId })}
          columns={[
            { title: '案卷', dataIndex: 'caseId', render: (v) => `#${v}` },
            { title: '居民反馈', dataIndex: 'comment', render: (v) => v || '—' },
            { title: '照片', dataIndex: 'photoIds', render: (v: number[]) => `${v?.length ?? 0} 张` },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: keyof typeof STATUS) => <Tag color={s === 'pending' ? 'orange' : undefined}>{STATUS[s] ?? s}</Tag>,
            },
            { title: '提交时间', dataIndex: 'createdAt', render: formatTime },
          ]}
          pagination={{
            current: list.data?.page,
            pageSize: list.data?.pageSize,
            total: list.data?.total,
            showTotal: (t) => `共 ${t} 条`,
            onChange: (page, pageSize) => list.setFilters({ page, pageSize }),
          }}
        />
      )}
      <Drawer open={!!open} width={1100} onClose={() => setOpen(null)} title={open ? `案卷 #${open}` : ''} destroyOnHidden>
        {open && <CasePanel id={open} mode="full" onChanged={list.reload} />}
      </Drawer>
    </div>
  );
}
