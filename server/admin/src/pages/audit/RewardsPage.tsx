import { formatFen, REWARD_STATUSES, REWARD_STATUS_LABELS, type RewardAdminDto, type RewardStatus } from '@sansui/shared';
import { App, Button, Descriptions, Drawer, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { CasePanel } from '../../components/CasePanel';
import { PageState } from '../../components/PageState';
import { defaultPeriod, PeriodPicker } from '../../components/PeriodPicker';
import { formatTime } from '../../lib/countdown';
import { useDicts } from '../../lib/dicts';
import { useAction, useServerList } from '../../lib/hooks';

const SPEC = { status: 'string', userId: 'number', categoryCode: 'string', from: 'string', to: 'string' } as const;

/** Fraud signal codes → Chinese (DOMAIN §8); unknown codes show as they are. */
export const SIGNAL_LABELS: Record<string, string> = {
  REUSED_PHOTO: '照片重复使用',
  SAME_SPOT: '同一地点多次上报',
  DEVICE_FAR: '上报位置与手机位置相距过远',
  BURST: '短时间内上报过多',
  LINKED_TO_HANDLER: '上报人与处置人员有关联',
  NEW_ACCOUNT_REJECTED: '新账号上报多被驳回',
};

const EVIDENCE_LABELS: Record<string, string> = {
  matches: '匹配照片',
  photoId: '本次照片',
  matchedPhotoId: '匹配照片',
  distance: '汉明距离',
  matchedOwnerUserId: '匹配照片的上报人',
  matchedReportId: '匹配上报',
  matchedCaseId: '匹配案卷',
  matchedRole: '照片用途',
  distanceM: '距离（米）',
  count: '次数',
  windowMinutes: '时间窗（分钟）',
};

export function RewardsPage() {
  const list = useServerList<RewardAdminDto, typeof SPEC>('/rewards', SPEC);
  const { categories, catName } = useDicts();
  const f = list.filters;
  const [open, setOpen] = useState<RewardAdminDto | null>(null);
  const [decide, setDecide] = useState<{ reward: RewardAdminDto; kind: 'release' | 'cancel' } | null>(null);
  const { busy, run } = useAction();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const submit = async () => {
    if (!decide) return;
    const v = await form.validateFields();
    const ok = await run('decide', () => api.post(`/rewards/${decide.reward.id}/${decide.kind}`, { note: v.note }));
    if (ok) {
      message.success(decide.kind === 'release' ? '已放行' : '已取消');
      setDecide(null);
      setOpen(null);
      form.resetFields();
      list.reload();
    }
  };
  const p = defaultPeriod(f.from, f.to);
  return (
    <div>
      <Typography.Title level={4}>红包审核</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder="状态" style={{ width: 160 }} value={f.status} onChange={(v) => list.setFilters({ status: v })} options={REWARD_STATUSES.map((s) => ({ value: s, label: REWARD_STATUS_LABELS[s] }))} />
        <InputNumber placeholder="用户编号" style={{ width: 140 }} value={f.userId} onChange={(v) => list.setFilters({ userId: v ?? undefined })} />
        <Select allowClear showSearch optionFilterProp="label" placeholder="分类" style={{ width: 200 }} value={f.categoryCode} onChange={(v) => list.setFilters({ categoryCode: v })} options={categories.map((c) => ({ value: c.code, label: c.name }))} />
        {f.from ? <PeriodPicker from={p.from} to={p.to} onChange={(from, to) => list.setFilters({ from, to })} /> : <Button onClick={() => list.setFilters({ from: p.from, to: p.to })}>按期间筛选</Button>}
        {f.from && <Button onClick={() => list.setFilters({ from: undefined, to: undefined })}>全部期间</Button>}
        <Button type={f.status === 'held' ? 'primary' : 'default'} onClick={() => list.setFilters({ status: 'held' })}>
          只看待审核（疑似异常）
        </Button>
      </Space>
      {list.error ? (
        <PageState loading={false} error={list.error} onRetry={list.reload} />
      ) : (
        <Table<RewardAdminDto>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: '没有符合条件的红包' }}
          onRow={(r) => ({ tabIndex: 0, 'data-reward-id': r.id, onClick: () => setOpen(r), onKeyDown: (e) => e.key === 'Enter' && setOpen(r), style: { cursor: 'pointer' } })}
          columns={[
            { title: '编号', dataIndex: 'id', width: 80 },
            { title: '居民', key: 'user', render: (_, r) => `${r.userDisplayName ?? ''}（#${r.userId}）` },
            { title: '分类', dataIndex: 'categoryCode', render: (c) => catName(c) },
            { title: '案卷', dataIndex: 'caseId', render: (v) => `#${v}` },
            { title: '金额', dataIndex: 'amountFen', render: (v) => formatFen(v) },
            { title: '状态', dataIndex: 'status', render: (s: RewardStatus) => <Tag color={s === 'held' ? 'orange' : s === 'paid' ? 'green' : undefined}>{REWARD_STATUS_LABELS[s] ?? s}</Tag> },
            { title: '异常信号', key: 'signals', render: (_, r) => (r.holdReasons ?? []).map((h) => <Tag color="red" key={h.signal}>{SIGNAL_LABELS[h.signal] ?? h.signal}</Tag>) },
            { title: '批次', dataIndex: 'batchId', render: (v) => (v ? `#${v}` : '—') },
            { title: '时间', dataIndex: 'createdAt', render: formatTime },
          ]}
          pagination={{ current: list.data?.page, pageSize: list.data?.pageSize, total: list.data?.total, showTotal: (t) => `共 ${t} 条`, onChange: (page, pageSize) => list.setFilters({ page, pageSize }) }}
        />
      )}
      <Drawer open={!!open} width={1100} onClose={() => setOpen(null)} title={open ? `红包 #${open.id}` : ''} destroyOnHidden
        extra={open?.status === 'held' && (
          <Space>
            <Button type="primary" onClick={() => setDecide({ reward: open, kind: 'release' })}>放行</Button>
            <Button danger onClick={() => setDecide({ reward: open, kind: 'cancel' })}>取消红包</Button>
          </Space>
        )}
      >
        {open && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Descriptions bordered size="small" column={3}>
              <Descriptions.Item label="居民">{open.userDisplayName}（#{open.userId}）</Descriptions.Item>
              <Descriptions.Item label="openid">{open.openid ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="手机">{open.phone ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="金额">{formatFen(open.amountFen)}</Descriptions.Item>
              <Descriptions.Item label="状态">{REWARD_STATUS_LABELS[open.status]}</Descriptions.Item>
              <Descriptions.Item label="活动">{open.campaignName}</Descriptions.Item>
              <Descriptions.Item label="转账单号">{open.outBillNo ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="转账状态">{open.billState ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="第几次发放">{open.attempt}</Descriptions.Item>
            </Descriptions>
            {(open.holdReasons ?? []).length > 0 && (
              <Descriptions bordered size="small" column={1} title="异常信号与证据">
                {(open.holdReasons ?? []).map((h, i) => (
                  <Descriptions.Item key={i} label={SIGNAL_LABELS[h.signal] ?? h.signal}>
                    <Evidence evidence={h.evidence} />
                  </Descriptions.Item>
                ))}
              </Descriptions>
            )}
            <Typography.Title level={5}>
              相关案卷{' '}
              <Button size="small" onClick={() => { list.setFilters({ userId: open.userId, status: undefined }); setOpen(null); }}>
                查看该居民的全部红包
              </Button>
            </Typography.Title>
            <CasePanel id={open.caseId} mode="full" />
          </Space>
        )}
      </Drawer>
      <Modal open={!!decide} title={decide?.kind === 'release' ? '放行红包' : '取消红包'} okText="确认" okButtonProps={{ loading: busy === 'decide', danger: decide?.kind === 'cancel' }} onOk={submit} onCancel={() => setDecide(null)} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="note" label="审核意见" rules={[{ required: true, message: '请填写审核意见' }]}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

function EvidenceValue({ k, v }: { k: string; v: unknown }) {
  if (/caseid/i.test(k) && (typeof v === 'number' || typeof v === 'string'))
    return (
      <a href={`/admin/cases/${v}`} target="_blank" rel="noreferrer">
        案卷 #{String(v)}
      </a>
    );
  if (/photoid/i.test(k) && typeof v === 'number')
    return (
      <a href={`/api/v1/photos/${v}/image`} target="_blank" rel="noreferrer">
        照片 #{v}
      </a>
    );
  if (Array.isArray(v))
    return (
      <Space direction="vertical" size={2}>
        {v.map((item, i) => (
          <span key={i}>{item && typeof item === 'object' ? <Evidence evidence={item as Record<string, unknown>} inline /> : String(item)}</span>
        ))}
      </Space>
    );
  if (v && typeof v === 'object') return <Evidence evidence={v as Record<string, unknown>} inline />;
  return <span>{String(v)}</span>;
}

function Evidence({ evidence, inline }: { evidence: Record<string, unknown>; inline?: boolean }) {
  const entries = Object.entries(evidence ?? {});
  if (!entries.length) return <span>—</span>;
  return (
    <Space direction={inline ? 'horizontal' : 'vertical'} size={inline ? 12 : 2} wrap>
      {entries.map(([k, v]) => (
        <span key={k}>
          <Typography.Text type="secondary">{EVIDENCE_LABELS[k] ?? k}：</Typography.Text>
          <EvidenceValue k={k} v={v} />
        </span>
      ))}
    </Space>
  );
}
