import { ROUND_KIND_LABELS, ROUND_STATUS_LABELS, type AreaTreeNodeDto, type RoundKind, type RoundSummaryDto } from '@sansui/shared';
import { App, Button, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { can } from '../../access';
import { api } from '../../api/client';
import { useAuth } from '../../auth';
import { PageState } from '../../components/PageState';
import { chinaMonth } from '../../lib/china-periods';
import { useAction, useFetch } from '../../lib/hooks';

/** This month in China (not the browser's): the default of the month pickers. */
export const thisMonth = () => chinaMonth();

/** 暗访明查: the month's inspection rounds; dispatchers create a round and open it to record findings and publish. */
export function RoundsPage() {
  const [sp, setSp] = useSearchParams();
  const month = sp.get('month') ?? thisMonth();
  const { user } = useAuth();
  const rounds = useFetch<RoundSummaryDto[]>('/inspection-rounds', { month });
  const [creating, setCreating] = useState(false);
  return (
    <div>
      <Typography.Title level={4}>暗访明查</Typography.Title>
      <Typography.Paragraph type="secondary">
        每两周暗访、每月明查，按《考评细则》逐条扣分（千分制）。未发布的暗访对受检单位不可见；发布后每条发现自动立案、派遣，并计入当月排名。
      </Typography.Paragraph>
      <Space style={{ marginBottom: 16 }}>
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          onChange={(d) => d && setSp({ month: d.format('YYYY-MM') })}
        />
        {can(user?.roles, 'evaluation.run') && (
          <Button type="primary" onClick={() => setCreating(true)}>
            新建检查轮次
          </Button>
        )}
      </Space>
      <PageState
        loading={rounds.loading}
        error={rounds.error}
        onRetry={rounds.reload}
        empty={!rounds.data?.length}
        emptyText="本月还没有检查轮次"
      >
        <Table<RoundSummaryDto>
          rowKey="id"
          dataSource={rounds.data}
          pagination={false}
          columns={[
            { title: '名称', dataIndex: 'name', render: (name, r) => <Link to={`/evaluation/rounds/${r.id}`}>{name}</Link> },
            {
              title: '方式',
              dataIndex: 'kind',
              render: (k: RoundKind) => <Tag color={k === 'covert' ? 'purple' : 'blue'}>{ROUND_KIND_LABELS[k]}</Tag>,
            },
            { title: '月份', dataIndex: 'month' },
            { title: '受检区域', dataIndex: 'areaIds', render: (ids: number[]) => `${ids.length} 个` },
            { title: '发现问题', dataIndex: 'findingCount' },
            { title: '细则版本', dataIndex: 'checklistVersion', render: (v) => `第 ${v} 版` },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: RoundSummaryDto['status']) => <Tag color={s === 'published' ? 'green' : 'orange'}>{ROUND_STATUS_LABELS[s]}</Tag>,
            },
          ]}
        />
      </PageState>
      {creating && <CreateRoundModal month={month} onClose={() => setCreating(false)} />}
    </div>
  );
}

function CreateRoundModal({ month, onClose }: { month: string; onClose: () => void }) {
  const [form] = Form.useForm();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { busy, run } = useAction();
  const areas = useFetch<AreaTreeNodeDto[]>('/areas');
  const inspectors = useFetch<{ id: number; displayName: string }[]>('/inspection-rounds/inspectors');
  const districts = (areas.data ?? []).filter((a) => a.level === 'district');
  useEffect(() => {
    if (districts.length && !form.getFieldValue('areaIds')) form.setFieldsValue({ areaIds: districts.map((a) => a.id) });
  }, [districts, form]);
  const submit = async () => {
    const v = await form.validateFields();
    let id = 0;
    const ok = await run('create', async () => {
      id = (await api.post<{ id: number }>('/inspection-rounds', { ...v, month: v.month.format('YYYY-MM') })).id;
    });
    if (ok) {
      message.success('已新建检查轮次');
      navigate(`/evaluation/rounds/${id}`);
    }
  };
  return (
    <Modal open title="新建检查轮次" okText="新建" cancelText="取消" onOk={submit} confirmLoading={busy === 'create'} onCancel={onClose}>
      <Form form={form} layout="vertical" initialValues={{ kind: 'covert', month: dayjs(`${month}-01`) }}>
        <Form.Item name="kind" label="检查方式" rules={[{ required: true }]}>
          <Select options={(['covert', 'open'] as const).map((k) => ({ value: k, label: ROUND_KIND_LABELS[k] }))} />
        </Form.Item>
        <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称，如“11 月第一次暗访”' }]}>
          <Input maxLength={100} placeholder="11 月第一次暗访" />
        </Form.Item>
        <Form.Item name="month" label="计入月份" rules={[{ required: true }]}>
          <DatePicker picker="month" allowClear={false} />
        </Form.Item>
        <Form.Item name="areaIds" label="受检区域" rules={[{ required: true, message: '请选择受检区域' }]}>
          <Select mode="multiple" options={districts.map((a) => ({ value: a.id, label: a.name }))} placeholder="默认检查各区" />
        </Form.Item>
        <Form.Item name="inspectorUserIds" label="检查人员">
          <Select mode="multiple" options={(inspectors.data ?? []).map((u) => ({ value: u.id, label: u.displayName }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
