import { CASE_STATUSES, CASE_STATUS_LABELS, type CaseListItemDto, type CaseListPage } from '@sansui/shared';
import { Card, Col, Drawer, Empty, Input, Row, Select, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import type { FilterSpec } from '../../api/query';
import { CasePanel } from '../../components/CasePanel';
import { CaseTable, type CaseColumn } from '../../components/CaseTable';
import { DepartmentStrip } from '../../components/DepartmentStrip';
import { PageState } from '../../components/PageState';
import { useDicts } from '../../lib/dicts';
import { useServerList } from '../../lib/hooks';
import { nextCaseId } from '../../lib/queue';

const SPEC = {
  status: 'string',
  departmentId: 'number',
  categoryCode: 'string',
  overdue: 'boolean',
  extension: 'string',
  assignedTo: 'string',
  q: 'string',
  sort: 'string',
  caseId: 'number',
  after: 'string',
  before: 'string',
} satisfies FilterSpec;

export interface QueueConfig {
  title: string;
  /** Fixed query the screen always sends (e.g. status=submitted). */
  fixed: Record<string, string | number | boolean>;
  columns: CaseColumn[];
  /** split: list left, case right (triage, verify); drawer: case opens over the table. */
  layout: 'split' | 'drawer';
  mode?: 'triage' | 'verify' | 'full';
  filters: ('status' | 'department' | 'category' | 'overdue' | 'extension' | 'assigned' | 'sort')[];
  statusOptions?: string[];
  emptyText: string;
  hint?: string;
  /** Show the per-department overview (dispatch board). */
  departmentStrip?: boolean;
}

/** A case queue with filters in the URL, paged on the server; opening a case shows the case panel. */
export function CaseQueuePage({ cfg }: { cfg: QueueConfig }) {
  const { departments, categories } = useDicts();
  const list = useServerList<CaseListItemDto, typeof SPEC, CaseListPage>('/cases', SPEC, cfg.fixed, 20, ['caseId']);
  const { filters, setFilters } = list;
  // A new filter starts at the first page: a cursor belongs to the list it came from.
  const setFilter = (patch: Parameters<typeof setFilters>[0]) => setFilters({ ...patch, after: undefined, before: undefined });
  const [selected, setSelected] = useState<number | null>(null);
  const openId = filters.caseId ?? selected;
  const open = (r: CaseListItemDto) => {
    setSelected(r.id);
    setFilters({ caseId: r.id, page: filters.page });
  };
  // Triage and verification: a handled case leaves the queue, so the next one opens (the list is reloaded).
  const handledMoveOn = () => {
    const next = openId
      ? nextCaseId(
          (list.data?.items ?? []).map((r) => r.id),
          openId,
        )
      : null;
    setSelected(next);
    setFilters({ caseId: next ?? undefined, page: filters.page });
    list.reload();
  };
  const close = () => {
    setSelected(null);
    setFilters({ caseId: undefined, page: filters.page });
  };
  const { caseId: _c, page: _p, pageSize: _s, after: _a, before: _b, ...rest } = filters;
  void _c;
  void _p;
  void _s;
  void _a;
  void _b;
  const filterBar = (
    <Space wrap style={{ marginBottom: 12 }}>
      <Input.Search
        allowClear
        placeholder="案卷编号、描述或地址"
        aria-label="搜索案卷：编号、描述或地址"
        style={{ width: 240 }}
        defaultValue={rest.q}
        onSearch={(v) => setFilter({ q: v || undefined })}
      />
      {cfg.filters.includes('sort') && (
        <Select
          aria-label="排序"
          style={{ width: 160 }}
          value={rest.sort ?? String(cfg.fixed.sort ?? '')}
          onChange={(v) => setFilter({ sort: v === cfg.fixed.sort ? undefined : v })}
          options={[
            { value: String(cfg.fixed.sort ?? 'deadline'), label: '按处置时限' },
            { value: '-meTooCount', label: '按受影响人数' },
          ]}
        />
      )}
      {cfg.filters.includes('status') && (
        <Select
          allowClear
          placeholder="状态"
          aria-label="按状态筛选"
          style={{ width: 140 }}
          value={rest.status}
          onChange={(v) => setFilter({ status: v })}
          options={(cfg.statusOptions ?? [...CASE_STATUSES]).map((s) => ({
            value: s,
            label: CASE_STATUS_LABELS[s as keyof typeof CASE_STATUS_LABELS] ?? s,
          }))}
        />
      )}
      {cfg.filters.includes('department') && (
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder="责任部门"
          aria-label="按责任部门筛选"
          style={{ width: 200 }}
          value={rest.departmentId}
          onChange={(v) => setFilter({ departmentId: v })}
          options={departments.map((d) => ({ value: d.id, label: d.name }))}
        />
      )}
      {cfg.filters.includes('category') && (
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder="分类"
          aria-label="按分类筛选"
          style={{ width: 200 }}
          value={rest.categoryCode}
          onChange={(v) => setFilter({ categoryCode: v })}
          options={categories.map((c) => ({ value: c.code, label: c.name }))}
        />
      )}
      {cfg.filters.includes('overdue') && (
        <Space>
          <Switch aria-label="只看超期" checked={rest.overdue === true} onChange={(v) => setFilter({ overdue: v ? true : undefined })} />
          只看超期
        </Space>
      )}
      {cfg.filters.includes('extension') && (
        <Space>
          <Switch
            aria-label="待审批延期"
            checked={rest.extension === 'pending'}
            onChange={(v) => setFilter({ extension: v ? 'pending' : undefined })}
          />
          待审批延期
        </Space>
      )}
      {cfg.filters.includes('assigned') && (
        <Space>
          <Switch
            aria-label="我负责的"
            checked={rest.assignedTo === 'me'}
            onChange={(v) => setFilter({ assignedTo: v ? 'me' : undefined })}
          />
          我负责的
        </Space>
      )}
    </Space>
  );
  const table = (
    <CaseTable
      data={list.data}
      loading={list.loading}
      columns={cfg.columns}
      selectedId={openId}
      onOpen={open}
      onPage={(to) => setFilters({ after: to.after, before: to.before, pageSize: to.pageSize })}
      emptyText={cfg.emptyText}
    />
  );
  const body = list.error ? <PageState loading={false} error={list.error} onRetry={list.reload} /> : table;
  return (
    <div>
      <Typography.Title level={4}>{cfg.title}</Typography.Title>
      {cfg.hint && <Typography.Paragraph type="secondary">{cfg.hint}</Typography.Paragraph>}
      {cfg.departmentStrip && <DepartmentStrip selected={rest.departmentId} onSelect={(id) => setFilter({ departmentId: id })} />}
      {filterBar}
      {cfg.layout === 'split' ? (
        <Row gutter={16}>
          <Col span={8}>
            <Card size="small" styles={{ body: { padding: 0 } }}>
              {body}
            </Card>
          </Col>
          <Col span={16}>
            {openId ? (
              <CasePanel key={openId} id={openId} mode={cfg.mode} onChanged={handledMoveOn} />
            ) : (
              <Empty description="从左侧选择一个案卷（↑↓ 移动，回车打开）" style={{ marginTop: 80 }} />
            )}
          </Col>
        </Row>
      ) : (
        <>
          {body}
          <Drawer open={!!openId} width={1100} onClose={close} title={openId ? `案卷 #${openId}` : ''} destroyOnHidden>
            {openId && <CasePanel id={openId} mode={cfg.mode} onChanged={list.reload} />}
          </Drawer>
        </>
      )}
    </div>
  );
}
