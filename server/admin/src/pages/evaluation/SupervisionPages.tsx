import {
  CASE_STATUS_LABELS,
  SUPERVISION_ESCALATION_LABELS,
  SUPERVISION_STATE_LABELS,
  SUPERVISION_STATES,
  type IssueSupervisionResultDto,
  type SupervisionNoticeDto,
  type SupervisionNoticeSummaryDto,
  type SupervisionState,
} from '@sansui/shared';
import type { UploadFile } from 'antd';
import { App, Button, Card, DatePicker, Descriptions, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useLocation, useParams, useSearchParams } from 'react-router-dom';
import { can } from '../../access';
import { api } from '../../api/client';
import { useAuth } from '../../auth';
import { PageState } from '../../components/PageState';
import { PhotoStrip } from '../../components/Photos';
import { useAction, useFetch } from '../../lib/hooks';
import { PhotoPicker } from '../../components/PhotoPicker';

const STATE_COLORS: Record<SupervisionState, string> = { awaiting_reply: 'blue', overdue: 'red', replied: 'orange', closed: 'green' };
const fmt = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—');

export function SupervisionStateTag({ state }: { state: SupervisionState }) {
  return (
    <Tag color={STATE_COLORS[state]} data-state={state}>
      {SUPERVISION_STATE_LABELS[state]}
    </Tag>
  );
}

/** The list's base path: organisers open it under 考评督查, departments under 部门处置. */
function useBase(): string {
  return useLocation().pathname.startsWith('/dept/') ? '/dept/supervision' : '/evaluation/supervision';
}

export function SupervisionTable({ rows, base }: { rows: SupervisionNoticeSummaryDto[] | undefined; base: string }) {
  return (
    <Table<SupervisionNoticeSummaryDto>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: '编号', dataIndex: 'id', width: 70, render: (id: number) => <Link to={`${base}/${id}`}>#{id}</Link> },
        { title: '督办通知', dataIndex: 'title', render: (t: string, n) => <Link to={`${base}/${n.id}`}>{t}</Link> },
        { title: '责任部门', dataIndex: 'departmentName', width: 140 },
        { title: '回复期限', dataIndex: 'deadline', width: 170, render: fmt },
        { title: '状态', dataIndex: 'state', width: 130, render: (s: SupervisionState) => <SupervisionStateTag state={s} /> },
        { title: '案卷办结', width: 100, render: (_, n) => `${n.closedCaseCount} / ${n.caseCount}` },
        {
          title: '升级',
          dataIndex: 'escalations',
          render: (es: SupervisionNoticeSummaryDto['escalations']) =>
            es.length
              ? es.map((e) => (
                  <Tag key={e.step} color="volcano">
                    {SUPERVISION_ESCALATION_LABELS[e.step]}
                  </Tag>
                ))
              : '—',
        },
      ]}
    />
  );
}

/** 督办通知: every notice for organisers, the department's own for its staff. */
export function SupervisionListPage() {
  const [sp, setSp] = useSearchParams();
  const state = (sp.get('state') ?? undefined) as SupervisionState | undefined;
  const res = useFetch<SupervisionNoticeSummaryDto[]>('/supervision-notices', state ? { state } : {});
  const base = useBase();
  return (
    <div>
      <Typography.Title level={4}>督办通知</Typography.Title>
      <Space style={{ marginBottom: 16 }}>
        <Select
          aria-label="状态"
          allowClear
          placeholder="全部状态"
          style={{ width: 180 }}
          value={state}
          onChange={(v) => setSp(v ? { state: v } : {})}
          options={SUPERVISION_STATES.map((s) => ({ value: s, label: SUPERVISION_STATE_LABELS[s] }))}
        />
      </Space>
      <PageState loading={res.loading} error={res.error} onRetry={res.reload} empty={!res.data?.length} emptyText="没有督办通知">
        <SupervisionTable rows={res.data} base={base} />
      </PageState>
    </div>
  );
}

/** One notice: its cases and how far they are, the 整改回复 with photos, escalations; the department replies here. */
export function SupervisionDetailPage() {
  const id = Number(useParams().id);
  const { user } = useAuth();
  const res = useFetch<SupervisionNoticeDto>(`/supervision-notices/${id}`);
  const n = res.data;
  const mayReply = !!n && can(user?.roles, 'case.work') && user?.departmentId === n.departmentId;
  const { busy, run } = useAction();
  const download = (format: 'html' | 'xlsx') =>
    run(format, () => api.download(`/supervision-notices/${id}/document`, { format }, `督办通知_${id}.${format}`));
  return (
    <PageState loading={res.loading} error={res.error} onRetry={res.reload} empty={!n}>
      {n && (
        <div>
          <Typography.Title level={4}>
            {n.title} <SupervisionStateTag state={n.state} />
          </Typography.Title>
          <Space style={{ marginBottom: 12 }}>
            <Button loading={busy === 'html'} onClick={() => download('html')}>
              督办通知（可打印 HTML）
            </Button>
            <Button loading={busy === 'xlsx'} onClick={() => download('xlsx')}>
              督办通知（Excel）
            </Button>
          </Space>
          <Descriptions size="small" column={3} style={{ marginBottom: 16 }} bordered>
            <Descriptions.Item label="责任部门">{n.departmentName}</Descriptions.Item>
            <Descriptions.Item label="检查轮次">{n.roundName}</Descriptions.Item>
            <Descriptions.Item label="回复期限">{fmt(n.deadline)}</Descriptions.Item>
            <Descriptions.Item label="下发时间">{fmt(n.createdAt)}</Descriptions.Item>
            <Descriptions.Item label="首次回复">{fmt(n.repliedAt)}</Descriptions.Item>
            <Descriptions.Item label="案卷办结">
              {n.closedCaseCount} / {n.caseCount}
            </Descriptions.Item>
            <Descriptions.Item label="整改要求" span={3}>
              {n.requirement ?? '按期整改并回复'}
            </Descriptions.Item>
            <Descriptions.Item label="逾期升级" span={3}>
              {n.escalations.length
                ? n.escalations.map((e) => (
                    <Tag key={e.step} color="volcano">
                      {fmt(e.at)} {SUPERVISION_ESCALATION_LABELS[e.step]}
                    </Tag>
                  ))
                : '无'}
            </Descriptions.Item>
          </Descriptions>
          <Card size="small" title={`涉及案卷（${n.cases.length} 件）`} style={{ marginBottom: 16 }}>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={n.cases}
              columns={[
                { title: '案卷', dataIndex: 'id', width: 90, render: (c: number) => <Link to={`/cases/${c}`}>#{c}</Link> },
                { title: '地址', dataIndex: 'address', render: (a: string | null) => a ?? '—' },
                {
                  title: '状态',
                  dataIndex: 'status',
                  width: 120,
                  render: (s: keyof typeof CASE_STATUS_LABELS, c) => (
                    <Tag color={c.closed ? 'green' : 'blue'}>{CASE_STATUS_LABELS[s] ?? s}</Tag>
                  ),
                },
                { title: '处置时限', dataIndex: 'deadline', width: 170, render: fmt },
              ]}
            />
          </Card>
          <Card size="small" title={`整改回复（${n.replies.length} 条）`} style={{ marginBottom: 16 }}>
            {n.replies.length === 0 && <Typography.Text type="secondary">尚未回复</Typography.Text>}
            {n.replies.map((r) => (
              <div key={r.id} data-testid="supervision-reply" style={{ marginBottom: 12 }}>
                <Typography.Text strong>{r.userName}</Typography.Text>
                <Typography.Text type="secondary"> {fmt(r.createdAt)}</Typography.Text>
                <Typography.Paragraph style={{ margin: '4px 0' }}>{r.text}</Typography.Paragraph>
                <PhotoStrip photos={r.photos} size={96} alt={`${r.userName}的整改回复照片`} />
              </div>
            ))}
          </Card>
          {mayReply && <ReplyForm id={n.id} onSaved={res.reload} />}
        </div>
      )}
    </PageState>
  );
}

function ReplyForm({ id, onSaved }: { id: number; onSaved: () => void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const { busy, run } = useAction();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const submit = async () => {
    const v = await form.validateFields();
    const ok = await run('reply', async () => {
      const photoIds: number[] = [];
      for (const f of files) photoIds.push((await api.upload<{ id: number }>(f.originFileObj as File)).id);
      await api.post(`/supervision-notices/${id}/replies`, { text: v.text, photoIds });
    });
    if (ok) {
      message.success('整改回复已提交');
      form.resetFields();
      setFiles([]);
      onSaved();
    }
  };
  return (
    <Card size="small" title="填写整改回复">
      <Form form={form} layout="vertical">
        <Form.Item name="text" label="整改情况" rules={[{ required: true, whitespace: true, message: '请填写整改情况' }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
        <Form.Item label="整改后照片">
          <PhotoPicker files={files} onChange={setFiles} />
        </Form.Item>
        <Button type="primary" onClick={submit} loading={busy === 'reply'}>
          提交回复
        </Button>
      </Form>
    </Card>
  );
}

/** On a published round: issue the notices (one per responsible department) and list them. */
export function RoundSupervision({ roundId, mayRun }: { roundId: number; mayRun: boolean }) {
  const res = useFetch<SupervisionNoticeSummaryDto[]>('/supervision-notices', { roundId });
  const { message } = App.useApp();
  const { busy, run } = useAction();
  const [form] = Form.useForm();
  const issue = async () => {
    const v = await form.validateFields();
    let created = 0;
    const ok = await run('issue', async () => {
      created = (
        await api.post<IssueSupervisionResultDto>(`/inspection-rounds/${roundId}/supervision-notices`, {
          deadline: v.deadline.format('YYYY-MM-DD'),
          requirement: v.requirement || undefined,
        })
      ).created.length;
    });
    if (ok) {
      message.success(`已下发督办通知 ${created} 份`);
      res.reload();
    }
  };
  return (
    <Card size="small" title="督办通知" style={{ marginBottom: 16 }}>
      {mayRun && (
        <Form form={form} layout="inline" style={{ marginBottom: 12 }} initialValues={{ deadline: dayjs().add(7, 'day') }}>
          <Form.Item name="deadline" label="回复期限" rules={[{ required: true, message: '请选择回复期限' }]}>
            <DatePicker allowClear={false} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="requirement" label="整改要求">
            <Input style={{ width: 320 }} maxLength={500} placeholder="如：限期清理并上传整改后照片" />
          </Form.Item>
          <Button type="primary" onClick={issue} loading={busy === 'issue'}>
            下发督办通知
          </Button>
        </Form>
      )}
      <PageState loading={res.loading} error={res.error} onRetry={res.reload} empty={!res.data?.length} emptyText="尚未下发">
        <SupervisionTable rows={res.data} base="/evaluation/supervision" />
      </PageState>
    </Card>
  );
}
