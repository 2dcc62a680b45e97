import type { CaseExtensionDto, Page, CaseStaffDetailDto, CaseListItemDto } from '@sansui/shared';
import { Drawer, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { CasePanel } from '../../components/CasePanel';
import { CountdownTag } from '../../components/CountdownTag';
import { PageState } from '../../components/PageState';
import { formatTime } from '../../lib/countdown';
import { useUrlFilters } from '../../lib/hooks';
import { keyboardRow } from '../../lib/keyboard';

const SPEC = {} as const;

interface Row {
  c: CaseListItemDto;
  ext: CaseExtensionDto;
}

/**
 * 延期申请 waiting for a decision: the cases with a pending request (GET /cases?extension=pending, most urgent
 * first, paged on the server with the page in the URL), each with its request read from the case detail.
 */
export function ExtensionsPage() {
  const [f, setF] = useUrlFilters(SPEC);
  const [state, setState] = useState<{ rows?: Row[]; total?: number; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const [open, setOpen] = useState<number | null>(null);
  useEffect(() => {
    let alive = true;
    setState((s) => ({ ...s, loading: true }));
    (async () => {
      const page = await api.get<Page<CaseListItemDto>>('/cases', {
        extension: 'pending',
        sort: 'deadline',
        page: f.page,
        pageSize: f.pageSize,
      });
      const details = await Promise.all(page.items.map((c) => api.get<CaseStaffDetailDto>(`/cases/${c.id}`).catch(() => null)));
      const rows: Row[] = [];
      details.forEach((d, i) => {
        const ext = d?.extensions?.find((e) => e.status === 'pending');
        if (d && ext && d.canDecideExtension !== false) rows.push({ c: page.items[i], ext });
      });
      return { rows, total: page.total };
    })().then(
      ({ rows, total }) => alive && setState({ rows, total, loading: false }),
      (error) => alive && setState({ error, loading: false }),
    );
    return () => {
      alive = false;
    };
  }, [tick, f.page, f.pageSize]);
  return (
    <div>
      <Typography.Title level={4}>延期申请</Typography.Title>
      <Typography.Paragraph type="secondary">
        部门申请延长处置时限；同意后截止时间顺延。打开案卷可查看理由并同意或驳回。
      </Typography.Paragraph>
      {state.error ? (
        <PageState loading={false} error={state.error} onRetry={() => setTick((t) => t + 1)} />
      ) : (
        <Table<Row>
          rowKey={(r) => r.ext.id}
          loading={state.loading}
          dataSource={state.rows ?? []}
          locale={{ emptyText: '没有待审批的延期申请' }}
          onRow={(r) => keyboardRow(() => setOpen(r.c.id), { 'data-case-id': r.c.id })}
          columns={[
            { title: '案卷', key: 'id', render: (_, r) => `#${r.c.id}` },
            { title: '部门', key: 'dept', render: (_, r) => r.c.departmentName ?? '—' },
            { title: '分类', key: 'cat', render: (_, r) => r.c.categoryName ?? r.c.categoryCode },
            { title: '申请延长', key: 'h', render: (_, r) => `${r.ext.hours} 小时` },
            { title: '理由', key: 'reason', render: (_, r) => r.ext.reason },
            { title: '申请人', key: 'by', render: (_, r) => r.ext.requestedByName ?? `#${r.ext.requestedBy}` },
            { title: '当前时限', key: 'deadline', render: (_, r) => formatTime(r.c.deadline) },
            { title: '剩余', key: 'left', render: (_, r) => <CountdownTag deadline={r.c.deadline} minutesLeft={r.c.timeLeftMinutes} /> },
          ]}
          pagination={{
            current: f.page,
            pageSize: f.pageSize,
            total: state.total ?? 0,
            showTotal: (t) => `共 ${t} 条`,
            hideOnSinglePage: true,
            onChange: (page, pageSize) => setF({ page, pageSize }),
          }}
        />
      )}
      <Drawer open={!!open} width={1100} onClose={() => setOpen(null)} title={open ? `案卷 #${open}` : ''} destroyOnHidden>
        {open && <CasePanel id={open} mode="full" onChanged={() => setTick((t) => t + 1)} />}
      </Drawer>
    </div>
  );
}
