import type { ChecklistDto, ChecklistItemDto, EvaluationSettingsDto } from '@sansui/shared';
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { can } from '../../access';
import { api } from '../../api/client';
import { useAuth } from '../../auth';
import { PageState } from '../../components/PageState';
import { useDicts } from '../../lib/dicts';
import { useAction, useFetch } from '../../lib/hooks';

/** 考评细则与权重: the checklist (admins edit and save a new version; running rounds keep theirs) and the scoring weights. */
export function ChecklistPage() {
  const { user } = useAuth();
  const editable = can(user?.roles, 'config.edit');
  const checklist = useFetch<ChecklistDto>('/checklist');
  const { categories } = useDicts();
  const { message } = App.useApp();
  const { busy, run } = useAction();
  const [items, setItems] = useState<ChecklistItemDto[]>([]);
  useEffect(() => setItems(checklist.data?.items ?? []), [checklist.data]);
  const total = items.reduce((s, i) => s + (i.maxDeduction || 0), 0);
  const patch = (idx: number, p: Partial<ChecklistItemDto>) => setItems((list) => list.map((it, i) => (i === idx ? { ...it, ...p } : it)));
  const save = async () => {
    let version = 0;
    const ok = await run('save', async () => {
      version = (await api.put<ChecklistDto>('/checklist', { items })).version;
    });
    if (ok) {
      message.success(`已保存为第 ${version} 版`);
      checklist.reload();
    }
  };
  const num = (field: 'deduction' | 'maxDeduction') => (v: number, _: ChecklistItemDto, idx: number) =>
    editable ? <InputNumber min={1} max={1000} value={v} onChange={(n) => patch(idx, { [field]: n ?? 1 })} style={{ width: 80 }} /> : v;
  return (
    <div>
      <Typography.Title level={4}>考评细则与权重</Typography.Title>
      <PageState loading={checklist.loading} error={checklist.error} onRetry={checklist.reload} empty={!checklist.data}>
        <Card
          size="small"
          title={`考评细则 第 ${checklist.data?.version ?? 0} 版 · ${items.length} 条 · 扣分上限合计 ${total} 分`}
          extra={
            editable && (
              <Space>
                <Button
                  onClick={() =>
                    setItems((l) => [
                      ...l,
                      {
                        code: '',
                        section: l[l.length - 1]?.section ?? '',
                        text: '',
                        deduction: 1,
                        maxDeduction: 10,
                        categoryCode: 'other',
                      },
                    ])
                  }
                >
                  添加条目
                </Button>
                <Button type="primary" loading={busy === 'save'} onClick={save}>
                  保存为新版本
                </Button>
              </Space>
            )
          }
          style={{ marginBottom: 16 }}
        >
          {editable && total !== 1000 && (
            <Typography.Paragraph type="warning">提示：千分制下各条目扣分上限合计通常为 1000 分。</Typography.Paragraph>
          )}
          <Table<ChecklistItemDto>
            rowKey={(_, i) => String(i)}
            size="small"
            pagination={false}
            dataSource={items}
            columns={[
              {
                title: '编码',
                dataIndex: 'code',
                width: 90,
                render: (v, _, i) => (editable ? <Input value={v} onChange={(e) => patch(i, { code: e.target.value })} /> : v),
              },
              {
                title: '规范',
                dataIndex: 'section',
                width: 170,
                render: (v, _, i) => (editable ? <Input value={v} onChange={(e) => patch(i, { section: e.target.value })} /> : v),
              },
              {
                title: '内容',
                dataIndex: 'text',
                render: (v, _, i) => (editable ? <Input value={v} onChange={(e) => patch(i, { text: e.target.value })} /> : v),
              },
              { title: '每处扣分', dataIndex: 'deduction', width: 100, render: num('deduction') },
              { title: '上限', dataIndex: 'maxDeduction', width: 100, render: num('maxDeduction') },
              {
                title: '立案分类',
                dataIndex: 'categoryCode',
                width: 200,
                render: (v: string, _, i) =>
                  editable ? (
                    <Select
                      style={{ width: 180 }}
                      value={v}
                      onChange={(c) => patch(i, { categoryCode: c })}
                      options={categories.map((c) => ({ value: c.code, label: c.name }))}
                    />
                  ) : (
                    (categories.find((c) => c.code === v)?.name ?? v)
                  ),
              },
              ...(editable
                ? [
                    {
                      title: '',
                      width: 60,
                      render: (_: unknown, __: ChecklistItemDto, i: number) => (
                        <Button type="link" danger onClick={() => setItems((l) => l.filter((_, j) => j !== i))}>
                          删除
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      </PageState>
      <WeightsCard editable={editable} />
    </div>
  );
}

function WeightsCard({ editable }: { editable: boolean }) {
  const settings = useFetch<EvaluationSettingsDto>('/evaluation-settings');
  const [form] = Form.useForm<EvaluationSettingsDto>();
  const { message } = App.useApp();
  const { busy, run } = useAction();
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);
  const save = async () => {
    const v = await form.validateFields();
    if (await run('weights', () => api.put('/evaluation-settings', v))) message.success('权重已保存');
  };
  const field = (name: [string, string] | string, label: string) => (
    <Form.Item name={name} label={label}>
      <InputNumber min={0} max={1} step={0.05} disabled={!editable} />
    </Form.Item>
  );
  return (
    <Card size="small" title="考评权重（各组合计须为 1）">
      <Form form={form} layout="inline">
        {field(['weights', 'covert'], '暗访')}
        {field(['weights', 'open'], '明查')}
        {field(['weights', 'digital'], '数字化城管')}
        {field(['digitalMix', 'onTime'], '按期办结率')}
        {field(['digitalMix', 'verified'], '有整改照片的办结')}
        {field(['digitalMix', 'satisfaction'], '群众满意率')}
        {field('leaderWeight', '季度领导评价')}
        {editable && (
          <Button type="primary" loading={busy === 'weights'} onClick={save}>
            保存权重
          </Button>
        )}
      </Form>
    </Card>
  );
}
