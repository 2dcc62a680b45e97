import { formatFen, REWARD_STATUSES, REWARD_STATUS_LABELS, type RewardAdminDto, type RewardStatus } from '@sansui/shared';
import { App, Button, Descriptions, Drawer, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { CasePanel } from '../../components/CasePanel';
import { PageState } from '../../components/PageState';
import { defaultPeriod, PeriodPicker, periodQuery } from '../../components/PeriodPicker';
import { formatTime } from '../../lib/countdown';
import { useDicts } from '../../lib/dicts';
import { useAction, useFetch, useServerList } from '../../lib/hooks';
import { keyboardRow } from '../../lib/keyboard';
import type { QueryParams } from '../../api/query';
import { Evidence, SIGNAL_LABELS } from './Evidence';

const SPEC = { status: 'string', userId: 'number', categoryCode: 'string', from: 'string', to: 'string' } as const;

/**
 * The API query for the filters in the URL: the period (YYYY-MM-DD, Beijing days) becomes instants from the start
 * of `from` to the end of `to`, so the last day is included.
 */
export function rewardQuery(f: { status?: string; userId?: number; categoryCode?: string; from?: string; to?: string }): QueryParams {
  const q: QueryParams = { status: f.status, userId: f.userId, categoryCode: f.categoryCode };
  if (f.from || f.to) {
    const p = defaultPeriod(f.from, f.to);
    Object.assign(q, periodQuery(p.from, p.to));
  }
  return q;
}

export function RewardsPage() {
  const list = useServerList<RewardAdminDto, typeof SPEC>('/rewards', SPEC, {}, 20, [], rewardQuery);
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
  const exportXlsx = () =>
    run('export', () => api.download('/exports/rewards.xlsx', rewardQuery(f), '红包明细.xlsx')).then(
      (ok) => ok && message.success('红包明细已下载'),
    );
  return (
    <div>
      <Typography.Title level={4}>红包审核</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label="状态"
          allowClear
          placeholder="状态"
          style={{ width: 160 }}
          value={f.status}
          onChange={(v) => list.setFilters({ status: v })}
          options={REWARD_STATUSES.map((s) => ({ value: s, label: REWARD_STATUS_LABELS[s] }))}
        />
        <InputNumber
          placeholder="居民编号"
          min={1}
          style={{ width: 140 }}
          value={f.userId}
          onChange={(v) => list.setFilters({ userId: v ?? undefined })}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          aria-label="分类"
          placeholder="分类"
          style={{ width: 200 }}
          value={f.categoryCode}
          onChange={(v) => list.setFilters({ categoryCode: v })}
          options={categories.map((c) => ({ value: c.code, label: c.name }))}
        />
        {f.from ? (
          <PeriodPicker from={p.from} to={p.to} onChange={(from, to) => list.setFilters({ from, to })} />
        ) : (
          <Button onClick={() => list.setFilters({ from: p.from, to: p.to })}>按期间筛选</Button>
        )}
        {f.from && <Button onClick={() => list.setFilters({ from: undefined, to: undefined })}>全部期间</Button>}
        <Button type={f.status === 'held' ? 'primary' : 'default'} onClick={() => list.setFilters({ status: 'held' })}>
          只看待审核（疑似异常）
        </Button>
        <Button loading={busy === 'export'} onClick={exportXlsx}>
          导出 Excel（按当前筛选）
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
          onRow={(r) => keyboardRow(() => setOpen(r), { 'data-reward-id': r.id })}
          columns={[
            { title: '编号', dataIndex: 'id', width: 80 },
            {
              title: '居民',
              key: 'user',
              render: (_, r) => (
                <Space size={4}>
                  {`${r.userDisplayName ?? ''}（#${r.userId}）`}
                  {f.userId !== r.userId && (
                    <Button
                      type="link"
                      size="small"
                      title="只看此人的红包"
                      onClick={(e) => {
                        e.stopPropagation();
                        list.setFilters({ userId: r.userId });
                      }}
                    >
                      只看此人
                    </Button>
                  )}
                </Space>
              ),
            },
            { title: '分类', dataIndex: 'categoryCode', render: (c) => catName(c) },
            { title: '案卷', dataIndex: 'caseId', render: (v) => `#${v}` },
            { title: '金额', dataIndex: 'amountFen', render: (v) => formatFen(v) },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: RewardStatus) => (
                <Tag color={s === 'held' ? 'orange' : s === 'paid' ? 'green' : undefined}>{REWARD_STATUS_LABELS[s] ?? s}</Tag>
              ),
            },
            {
              title: '异常信号',
              key: 'signals',
              render: (_, r) =>
                (r.holdReasons ?? []).map((h) => (
                  <Tag color="red" key={h.signal}>
                    {SIGNAL_LABELS[h.signal] ?? h.signal}
                  </Tag>
                )),
            },
            { title: '批次', dataIndex: 'batchId', render: (v) => (v ? `#${v}` : '—') },
            { title: '时间', dataIndex: 'createdAt', render: formatTime },
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
      <Drawer
        open={!!open}
        width={1100}
        onClose={() => setOpen(null)}
        title={open ? `红包 #${open.id}` : ''}
        destroyOnHidden
        extra={
          open?.status === 'held' && (
            <Space>
              <Button type="primary" onClick={() => setDecide({ reward: open, kind: 'release' })}>
                放行
              </Button>
              <Button danger onClick={() => setDecide({ reward: open, kind: 'cancel' })}>
                取消红包
              </Button>
            </Space>
          )
        }
      >
        {open && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Descriptions bordered size="small" column={3}>
              <Descriptions.Item label="居民">
                {open.userDisplayName}（#{open.userId}）
              </Descriptions.Item>
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
                    <Evidence evidence={h.evidence} signal={h.signal} caseId={open.caseId} />
                  </Descriptions.Item>
                ))}
              </Descriptions>
            )}
            <Typography.Title level={5}>
              该居民的红包记录{' '}
              <Button
                size="small"
                onClick={() => {
                  list.setFilters({ userId: open.userId, status: undefined });
                  setOpen(null);
                }}
              >
                在列表中查看全部
              </Button>
            </Typography.Title>
            <PersonHistory userId={open.userId} currentId={open.id} />
            <Typography.Title level={5}>相关案卷（照片与位置）</Typography.Title>
            <CasePanel id={open.caseId} mode="full" />
          </Space>
        )}
      </Drawer>
      <Modal
        open={!!decide}
        title={decide?.kind === 'release' ? '放行红包' : '取消红包'}
        okText="确认"
        okButtonProps={{ loading: busy === 'decide', danger: decide?.kind === 'cancel' }}
        onOk={submit}
        onCancel={() => setDecide(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="note" label="审核意见" rules={[{ required: true, message: '请填写审核意见' }]}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

/** The person's recent rewards: how many were held or cancelled before, at a glance. */
function PersonHistory({ userId, currentId }: { userId: number; currentId: number }) {
  const { data, error, loading, reload } = useFetch<{ items: RewardAdminDto[]; total: number }>('/rewards', { userId, pageSize: 10 });
  const { catName } = useDicts();
  if (error) return <PageState loading={false} error={error} onRetry={reload} />;
  return (
    <Table<RewardAdminDto>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={data?.items ?? []}
      pagination={false}
      locale={{ emptyText: '没有其他红包' }}
      rowClassName={(r) => (r.id === currentId ? 'row-selected' : '')}
      footer={data && data.total > data.items.length ? () => `共 ${data.total} 个红包，显示最近 ${data.items.length} 个` : undefined}
      columns={[
        { title: '红包', dataIndex: 'id', render: (v) => `#${v}` },
        {
          title: '案卷',
          dataIndex: 'caseId',
          render: (v) => (
            <a href={`/admin/cases/${v}`} target="_blank" rel="noreferrer">
              #{v}
            </a>
          ),
        },
        { title: '分类', dataIndex: 'categoryCode', render: (c) => catName(c) },
        { title: '金额', dataIndex: 'amountFen', render: (v) => formatFen(v) },
        { title: '状态', dataIndex: 'status', render: (s: RewardStatus) => REWARD_STATUS_LABELS[s] ?? s },
        {
          title: '异常信号',
          key: 'signals',
          render: (_, r) =>
            (r.holdReasons ?? []).map((h) => (
              <Tag color="red" key={h.signal}>
                {SIGNAL_LABELS[h.signal] ?? h.signal}
              </Tag>
            )),
        },
        { title: '时间', dataIndex: 'createdAt', render: formatTime },
      ]}
    />
  );
}
