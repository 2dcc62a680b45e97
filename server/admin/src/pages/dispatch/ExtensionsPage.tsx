import type { CaseExtensionDto, CaseListItemDto, Page } from '@sansui/shared';
import { Drawer, Table, Typography } from 'antd';
import { useState } from 'react';
import { CasePanel } from '../../components/CasePanel';
import { CountdownTag } from '../../components/CountdownTag';
import { PageState } from '../../components/PageState';
import { formatTime } from '../../lib/countdown';
import { useFetch, useUrlFilters } from '../../lib/hooks';
import { keyboardRow } from '../../lib/keyboard';

const SPEC = {} as const;

/** A case of the queue with its request (the list carries it). */
type Row = CaseListItemDto & { pendingExtension: CaseExtensionDto };
const hasRequest = (c: CaseListItemDto): c is Row => c.pendingExtension !== null;

/**
 * 延期申请 waiting for a decision: the cases with a pending request (GET /cases?extension=pending, most urgent
 * first, paged on the server with the page in the URL), each with its request.
 */
export function ExtensionsPage() {
  const [f, setF] = useUrlFilters(SPEC);
  const [open, setOpen] = useState<number | null>(null);
  const res = useFetch<Page<CaseListItemDto>>('/cases', { extension: 'pending', sort: 'deadline', page: f.page, pageSize: f.pageSize });
  // A request decided between the list's two reads comes without one: it is no longer waiting.
  const rows = (res.data?.items ?? []).filter(hasRequest);
  return (
    <div>
      <Typography.Title level={4}>延期申请</Typography.Title>
      <Typography.Paragraph type="secondary">
        部门申请延长处置时限；同意后截止时间顺延。打开案卷可查看理由并同意或驳回。
      </Typography.Paragraph>
      {res.error ? (
        <PageState loading={false} error={res.error} onRetry={res.reload} />
      ) : (
        <Table<Row>
          rowKey={(r) => r.pendingExtension.id}
          loading={res.loading}
          dataSource={rows}
          locale={{ emptyText: '没有待审批的延期申请' }}
          onRow={(r) => keyboardRow(() => setOpen(r.id), { 'data-case-id': r.id })}
          columns={[
            { title: '案卷', key: 'id', render: (_, r) => `#${r.id}` },
            { title: '部门', key: 'dept', render: (_, r) => r.departmentName ?? '—' },
            { title: '分类', key: 'cat', render: (_, r) => r.categoryName ?? r.categoryCode },
            { title: '申请延长', key: 'h', render: (_, r) => `${r.pendingExtension.hours} 小时` },
            { title: '理由', key: 'reason', render: (_, r) => r.pendingExtension.reason },
            { title: '申请人', key: 'by', render: (_, r) => r.pendingExtension.requestedByName ?? `#${r.pendingExtension.requestedBy}` },
            { title: '当前时限', key: 'deadline', render: (_, r) => formatTime(r.deadline) },
            { title: '剩余', key: 'left', render: (_, r) => <CountdownTag deadline={r.deadline} minutesLeft={r.timeLeftMinutes} /> },
          ]}
          pagination={{
            current: f.page,
            pageSize: f.pageSize,
            total: res.data?.total ?? 0,
            showTotal: (t) => `共 ${t} 条`,
            hideOnSinglePage: true,
            onChange: (page, pageSize) => setF({ page, pageSize }),
          }}
        />
      )}
      <Drawer open={!!open} width={1100} onClose={() => setOpen(null)} title={open ? `案卷 #${open}` : ''} destroyOnHidden>
        {open && <CasePanel id={open} mode="full" onChanged={res.reload} />}
      </Drawer>
    </div>
  );
}
