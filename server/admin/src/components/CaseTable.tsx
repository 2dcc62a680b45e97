import { CASE_STATUS_LABELS, type CaseListItemDto, type CaseListPage } from '@sansui/shared';
import { Button, Image, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { formatTime } from '../lib/countdown';
import { useDicts } from '../lib/dicts';
import { CountdownTag } from './CountdownTag';

export type CaseColumn =
  | 'thumb'
  | 'id'
  | 'status'
  | 'category'
  | 'address'
  | 'meToo'
  | 'department'
  | 'created'
  | 'deadline'
  | 'left'
  | 'source'
  | 'handler'
  | 'summary';

/** Where the pager goes: after / before a cursor the server gave, or the first page. */
export interface CasePageTarget {
  after?: string;
  before?: string;
  pageSize: number;
}

/** The list's size as the server counted it: past its cap, "more than". */
export function caseTotalText(data: Pick<CaseListPage, 'total' | 'totalCapped'>): string {
  return data.totalCapped ? `超过 ${data.total.toLocaleString('zh-CN')} 条` : `共 ${data.total.toLocaleString('zh-CN')} 条`;
}

/**
 * A server-paged case table, paged by the server's cursors (上一页 / 下一页 at any depth, at the cost of a first page). Keyboard: Tab reaches each row, Enter/Space opens it, ↑/↓ (or j/k) move between rows.
 */
export function CaseTable(props: {
  data: CaseListPage | undefined;
  loading: boolean;
  columns: CaseColumn[];
  selectedId?: number | null;
  onOpen(row: CaseListItemDto): void;
  /** Another page: the one after / before a cursor of this page, or (neither) the first; a new page size starts over. */
  onPage(to: CasePageTarget): void;
  emptyText?: string;
}) {
  const { deptName, catName } = useDicts();
  const all: Record<CaseColumn, ColumnsType<CaseListItemDto>[number]> = {
    thumb: {
      title: '照片',
      key: 'thumb',
      width: 72,
      render: (_, r) =>
        r.thumbUrl ? (
          <Image width={56} height={56} style={{ objectFit: 'cover' }} src={r.thumbUrl} alt={`案卷 #${r.id} 现场照片`} preview={false} />
        ) : null,
    },
    id: { title: '编号', dataIndex: 'id', width: 80, render: (v) => `#${v}` },
    status: {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (s: CaseListItemDto['status']) => <Tag>{CASE_STATUS_LABELS[s] ?? s}</Tag>,
    },
    category: { title: '分类', key: 'cat', render: (_, r) => r.categoryName ?? catName(r.categoryCode) },
    address: {
      title: '地址',
      key: 'address',
      ellipsis: true,
      render: (_, r) => r.address ?? <span style={{ color: '#595959' }}>地址解析中</span>,
    },
    meToo: {
      title: '受影响',
      key: 'meToo',
      width: 80,
      render: (_, r) => (r.meTooCount > 0 ? <Tag color="orange">{`+${r.meTooCount} 人`}</Tag> : '—'),
    },
    department: { title: '责任部门', key: 'dept', render: (_, r) => r.departmentName ?? deptName(r.departmentId) },
    created: { title: '上报时间', dataIndex: 'createdAt', width: 150, render: (v) => formatTime(v) },
    deadline: { title: '处置时限', dataIndex: 'deadline', width: 150, render: (v) => formatTime(v) },
    left: {
      title: '剩余时间',
      key: 'left',
      width: 140,
      render: (_, r) => <CountdownTag minutesLeft={r.timeLeftMinutes} />,
    },
    source: { title: '来源', dataIndex: 'source', width: 80 },
    handler: { title: '处置人员', key: 'handler', width: 120, render: (_, r) => r.handlerName ?? '—' },
    // The narrow list beside an open case: number, category, address, department and time stacked in one cell.
    summary: {
      title: '案卷',
      key: 'summary',
      render: (_, r) => (
        <div style={{ lineHeight: 1.6, minWidth: 0 }}>
          <div>
            <strong>#{r.id}</strong> {r.categoryName ?? catName(r.categoryCode)}
            {r.meTooCount > 0 && <Tag color="orange" style={{ marginLeft: 6 }}>{`+${r.meTooCount} 人`}</Tag>}
          </div>
          <Typography.Text type="secondary" ellipsis style={{ display: 'block', maxWidth: '100%' }}>
            {r.address ?? '地址解析中'}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[r.departmentId ? (r.departmentName ?? deptName(r.departmentId)) : null, formatTime(r.createdAt)].filter(Boolean).join(' · ')}
          </Typography.Text>
        </div>
      ),
    },
  };
  const rows = props.data?.items ?? [];
  const pageSize = props.data?.pageSize ?? 20;
  const move = (el: HTMLElement, dir: 1 | -1) => {
    const tr = el.closest('tr');
    let next = (dir === 1 ? tr?.nextElementSibling : tr?.previousElementSibling) as HTMLElement | null;
    while (next && !next.hasAttribute('tabindex'))
      next = (dir === 1 ? next.nextElementSibling : next.previousElementSibling) as HTMLElement | null;
    next?.focus();
  };
  return (
    <Table<CaseListItemDto>
      rowKey="id"
      size="middle"
      loading={props.loading}
      dataSource={rows}
      columns={props.columns.map((c) => all[c])}
      locale={{ emptyText: props.emptyText ?? '暂无案卷' }}
      rowClassName={(r) => [r.overdue ? 'row-overdue' : '', r.id === props.selectedId ? 'row-selected' : ''].join(' ')}
      onRow={(r) => ({
        tabIndex: 0,
        'data-case-id': r.id,
        onClick: () => props.onOpen(r),
        onKeyDown: (e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            props.onOpen(r);
          } else if (e.key === 'ArrowDown' || e.key === 'j') {
            e.preventDefault();
            move(e.currentTarget as HTMLElement, 1);
          } else if (e.key === 'ArrowUp' || e.key === 'k') {
            e.preventDefault();
            move(e.currentTarget as HTMLElement, -1);
          }
        },
        style: { cursor: 'pointer' },
      })}
      pagination={false}
      footer={() => (
        <Space style={{ width: '100%', justifyContent: 'flex-end' }} wrap>
          {props.data && <Typography.Text aria-live="polite">{caseTotalText(props.data)}</Typography.Text>}
          <Button size="small" disabled={!props.data?.prev} onClick={() => props.onPage({ pageSize })}>
            第一页
          </Button>
          <Button size="small" disabled={!props.data?.prev} onClick={() => props.onPage({ before: props.data!.prev!, pageSize })}>
            上一页
          </Button>
          <Button size="small" disabled={!props.data?.next} onClick={() => props.onPage({ after: props.data!.next!, pageSize })}>
            下一页
          </Button>
          <Select
            size="small"
            aria-label="每页条数"
            value={pageSize}
            style={{ width: 100 }}
            onChange={(n) => props.onPage({ pageSize: n })}
            options={[10, 20, 50, 100].map((n) => ({ value: n, label: `${n} 条/页` }))}
          />
        </Space>
      )}
    />
  );
}
