import {
  formatFen,
  REWARD_STATUS_LABELS,
  type CaseStaffDetailDto,
  type PayoutLineDto,
  type PayoutLineFilter,
  type PayoutLinesPage,
} from '@sansui/shared';
import { Alert, Button, DatePicker, Descriptions, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { PageState } from '../../components/PageState';
import { PhotoStrip } from '../../components/Photos';
import { formatTime } from '../../lib/countdown';
import { useDicts } from '../../lib/dicts';
import { useFetch } from '../../lib/hooks';
import { Evidence, SIGNAL_LABELS } from './Evidence';

export interface LineFilterState extends PayoutLineFilter {
  page: number;
  pageSize: number;
}

export const EMPTY_LINE_FILTER: LineFilterState = { page: 1, pageSize: 20 };

/** "共 3 笔，合计 ¥16.00": what a selection adds up to, in the words the confirmations use. */
export function selectionSummary(p: Pick<PayoutLinesPage, 'total' | 'totalFen'> | undefined): string {
  return p ? `共 ${p.total} 笔，合计 ${formatFen(p.totalFen)}` : '';
}

/** The filter without paging: what a batch proposed from it selects. */
export function lineCriteria(f: LineFilterState): PayoutLineFilter {
  const { departmentId, categoryCode, minFen, maxFen, signal, reporter, from, to } = f;
  return { departmentId, categoryCode, minFen, maxFen, signal, reporter, from, to };
}

/** True when any narrowing filter (not paging) is set. */
export function isFiltered(f: PayoutLineFilter): boolean {
  return [f.departmentId, f.categoryCode, f.minFen, f.maxFen, f.signal, f.reporter, f.from, f.to].some((v) => v !== undefined && v !== '');
}

/** Yuan typed by the auditor → fen for the API (undefined stays undefined). */
export const yuanToFen = (yuan: number | null | undefined): number | undefined =>
  yuan === null || yuan === undefined ? undefined : Math.round(yuan * 100);

const SIGNAL_OPTIONS = [
  { value: 'any', label: '有任一异常信号' },
  { value: 'none', label: '无异常信号' },
  ...Object.entries(SIGNAL_LABELS).map(([value, label]) => ({ value, label })),
];

/** Department, category, amount range (yuan), fraud signal, reporter and the days earned; every change goes back to page 1. */
export function LineFilters({ value, onChange }: { value: LineFilterState; onChange: (v: LineFilterState) => void }) {
  const { departments, categories } = useDicts();
  const set = (patch: Partial<PayoutLineFilter>) => onChange({ ...value, ...patch, page: 1 });
  const [reporter, setReporter] = useState(value.reporter ?? '');
  return (
    <Space wrap data-testid="line-filters">
      <Select
        allowClear
        showSearch
        optionFilterProp="label"
        placeholder="责任部门"
        style={{ width: 180 }}
        value={value.departmentId}
        onChange={(v) => set({ departmentId: v })}
        options={departments.map((d) => ({ value: d.id, label: d.name }))}
        data-testid="filter-department"
      />
      <Select
        allowClear
        showSearch
        optionFilterProp="label"
        placeholder="分类"
        style={{ width: 160 }}
        value={value.categoryCode}
        onChange={(v) => set({ categoryCode: v })}
        options={categories.map((c) => ({ value: c.code, label: c.name }))}
        data-testid="filter-category"
      />
      <InputNumber
        placeholder="最低金额（元）"
        min={0}
        precision={2}
        style={{ width: 140 }}
        value={value.minFen === undefined ? null : value.minFen / 100}
        onChange={(v) => set({ minFen: yuanToFen(v) })}
        data-testid="filter-min"
      />
      <InputNumber
        placeholder="最高金额（元）"
        min={0}
        precision={2}
        style={{ width: 140 }}
        value={value.maxFen === undefined ? null : value.maxFen / 100}
        onChange={(v) => set({ maxFen: yuanToFen(v) })}
        data-testid="filter-max"
      />
      <Select
        allowClear
        placeholder="异常信号"
        style={{ width: 200 }}
        value={value.signal}
        onChange={(v) => set({ signal: v })}
        options={SIGNAL_OPTIONS}
        data-testid="filter-signal"
      />
      <DatePicker.RangePicker
        allowEmpty={[true, true]}
        placeholder={['获得红包起始日', '截止日']}
        value={[value.from ? dayjs(value.from) : null, value.to ? dayjs(value.to) : null]}
        onChange={(v) => set({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })}
        data-testid="filter-period"
      />
      <Input.Search
        allowClear
        placeholder="上报人姓名或 openid"
        style={{ width: 220 }}
        value={reporter}
        onChange={(e) => {
          setReporter(e.target.value);
          if (!e.target.value) set({ reporter: undefined });
        }}
        onSearch={(v) => set({ reporter: v.trim() || undefined })}
        data-testid="filter-reporter"
      />
      {isFiltered(value) && (
        <Button
          onClick={() => {
            setReporter('');
            onChange({ ...EMPTY_LINE_FILTER, pageSize: value.pageSize });
          }}
        >
          清除筛选
        </Button>
      )}
    </Space>
  );
}

/** Photos of the report, before and after the fix, the case link, the signals with their evidence. */
export function LineEvidence({ line }: { line: PayoutLineDto }) {
  const c = useFetch<CaseStaffDetailDto>(`/cases/${line.caseId}`);
  const byRole = c.data?.photosByRole;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid={`line-evidence-${line.rewardId}`}>
      {c.data ? (
        <Space align="start" size="large" wrap>
          <PhotoStrip photos={byRole?.evidence.length ? byRole.evidence : c.data.photos} size={120} title="居民上报照片" />
          <PhotoStrip photos={byRole?.before} size={120} title="处置前" />
          <PhotoStrip photos={[...(byRole?.after ?? []), ...(byRole?.resolution ?? [])]} size={120} title="处置后" />
        </Space>
      ) : (
        <PageState loading={c.loading} error={c.error} onRetry={c.reload} />
      )}
      <a href={`/admin/cases/${line.caseId}`} target="_blank" rel="noreferrer">
        打开案卷 #{line.caseId}（处置经过）
      </a>
      {line.signals.length > 0 && (
        <Descriptions bordered size="small" column={1} title="异常信号与证据">
          {line.signals.map((h, i) => (
            <Descriptions.Item key={i} label={SIGNAL_LABELS[h.signal] ?? h.signal}>
              <Evidence evidence={h.evidence} signal={h.signal} caseId={line.caseId} />
            </Descriptions.Item>
          ))}
          {line.reviewNote && <Descriptions.Item label="审核意见">{line.reviewNote}</Descriptions.Item>}
        </Descriptions>
      )}
    </Space>
  );
}

/** One page of lines with the selection's count and total above it; rows expand to their evidence. */
export function LinesTable({
  page,
  loading,
  error,
  onReload,
  filter,
  onFilter,
  emptyText,
}: {
  page: PayoutLinesPage | undefined;
  loading: boolean;
  error: unknown;
  onReload: () => void;
  filter: LineFilterState;
  onFilter: (f: LineFilterState) => void;
  emptyText: string;
}) {
  const { catName } = useDicts();
  if (error) return <PageState loading={false} error={error} onRetry={onReload} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <div data-testid="selection-summary" data-count={page?.total} data-total-fen={page?.totalFen} data-loading={loading ? 1 : 0}>
        <Alert
          type={isFiltered(filter) ? 'warning' : 'info'}
          showIcon
          message={
            page ? (
              <span>
                {isFiltered(filter) ? '符合筛选条件：' : '全部：'}
                <Typography.Text strong>{selectionSummary(page)}</Typography.Text>
              </span>
            ) : (
              '正在统计…'
            )
          }
        />
      </div>
      <Table<PayoutLineDto>
        rowKey="rewardId"
        size="small"
        loading={loading}
        dataSource={page?.items ?? []}
        locale={{ emptyText }}
        onRow={(l) => ({ 'data-line-id': l.rewardId }) as React.HTMLAttributes<HTMLElement>}
        expandable={{ expandedRowRender: (l) => <LineEvidence line={l} />, expandRowByClick: true }}
        columns={[
          { title: '红包', dataIndex: 'rewardId', width: 70, render: (v) => `#${v}` },
          {
            title: '上报人',
            key: 'who',
            render: (_, l) => (
              <Space direction="vertical" size={0}>
                <span>{l.reporterName || '—'}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {l.reporterOpenid ?? '无 openid'}
                </Typography.Text>
              </Space>
            ),
          },
          { title: '分类', dataIndex: 'categoryCode', render: (c) => catName(c) },
          { title: '责任部门', dataIndex: 'departmentName', render: (v) => v ?? '—' },
          {
            title: '案卷',
            dataIndex: 'caseId',
            render: (v) => (
              <a href={`/admin/cases/${v}`} target="_blank" rel="noreferrer" onClick={(e) => e.stopPropagation()}>
                #{v}
              </a>
            ),
          },
          { title: '金额', dataIndex: 'amountFen', render: (v) => formatFen(v) },
          {
            title: '异常信号',
            key: 'signals',
            render: (_, l) =>
              l.signals.length
                ? l.signals.map((h) => (
                    <Tag color="red" key={h.signal}>
                      {SIGNAL_LABELS[h.signal] ?? h.signal}
                    </Tag>
                  ))
                : '—',
          },
          { title: '状态', dataIndex: 'status', render: (s: PayoutLineDto['status']) => REWARD_STATUS_LABELS[s] ?? s },
          { title: '时间', dataIndex: 'createdAt', render: formatTime },
        ]}
        pagination={{
          current: page?.page ?? filter.page,
          pageSize: page?.pageSize ?? filter.pageSize,
          total: page?.total,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (t) => `共 ${t} 笔`,
          onChange: (p, ps) => onFilter({ ...filter, page: ps !== filter.pageSize ? 1 : p, pageSize: ps }),
        }}
      />
    </Space>
  );
}

/** The lines of `path` (a batch's lines or the candidates) for a filter kept by the caller. */
export function useLines(path: string | null, filter: LineFilterState) {
  return useFetch<PayoutLinesPage>(path, { ...filter });
}
