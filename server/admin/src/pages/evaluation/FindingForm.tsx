import type { ChecklistDto, RoundDetailDto } from '@sansui/shared';
import type { UploadFile } from 'antd';
import { App, Button, Card, Form, Input, InputNumber, Select, Space } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { useGrids } from '../../components/GridMap';
import { bboxOf } from '../../lib/geo';
import { useAction, useFetch } from '../../lib/hooks';
import { PhotoPicker } from '../../components/PhotoPicker';

/** 案头录入: a dispatcher records a finding from an inspector's notes and photos (the phone flow is the staff mode's). */
export function FindingForm({ round, onSaved }: { round: RoundDetailDto; onSaved: () => void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const { busy, run } = useAction();
  const { grids } = useGrids();
  const checklist = useFetch<ChecklistDto>('/checklist');
  const [files, setFiles] = useState<UploadFile[]>([]);
  const sections = [...new Set((checklist.data?.items ?? []).map((i) => i.section))];
  const pickGrid = (gid: number) => {
    const f = grids?.features.find((g) => g.properties.id === gid);
    const b = f && bboxOf([f]);
    if (b) form.setFieldsValue({ lat: Number(((b.minY + b.maxY) / 2).toFixed(6)), lng: Number(((b.minX + b.maxX) / 2).toFixed(6)) });
  };
  const submit = async () => {
    const v = await form.validateFields();
    let deduction = 0;
    const ok = await run('finding', async () => {
      const photoIds: number[] = [];
      for (const f of files) photoIds.push((await api.upload<{ id: number }>(f.originFileObj as File)).id);
      deduction = (
        await api.post<{ deduction: number }>(`/inspection-rounds/${round.id}/findings`, {
          itemCode: v.itemCode,
          location: { lat: v.lat, lng: v.lng },
          photoIds,
          count: v.count,
          note: v.note || undefined,
        })
      ).deduction;
    });
    if (ok) {
      message.success(`已录入，扣 ${deduction} 分`);
      form.resetFields(['itemCode', 'note', 'count']);
      setFiles([]);
      onSaved();
    }
  };
  return (
    <Card size="small" title="案头录入检查发现" style={{ marginBottom: 16 }}>
      <Form form={form} layout="vertical" initialValues={{ count: 1 }}>
        <Form.Item name="itemCode" label="考评细则条目" rules={[{ required: true, message: '请选择条目' }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={sections.map((s) => ({
              label: s,
              options: (checklist.data?.items ?? [])
                .filter((i) => i.section === s)
                .map((i) => ({ value: i.code, label: `${i.code} ${i.text}（每处扣 ${i.deduction} 分，上限 ${i.maxDeduction}）` })),
            }))}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item name="gridId" label="所在网格">
            <Select
              style={{ width: 260 }}
              showSearch
              optionFilterProp="label"
              onChange={pickGrid}
              options={(grids?.features ?? []).map((f) => ({
                value: f.properties.id,
                label: `${f.properties.name}（${f.properties.code}）`,
              }))}
            />
          </Form.Item>
          <Form.Item name="lat" label="纬度（GCJ-02）" rules={[{ required: true, message: '请填写纬度' }]}>
            <InputNumber style={{ width: 160 }} step={0.0001} min={-90} max={90} />
          </Form.Item>
          <Form.Item name="lng" label="经度（GCJ-02）" rules={[{ required: true, message: '请填写经度' }]}>
            <InputNumber style={{ width: 160 }} step={0.0001} min={-180} max={180} />
          </Form.Item>
          <Form.Item name="count" label="处数">
            <InputNumber min={1} max={100} />
          </Form.Item>
        </Space>
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item label="现场照片" required>
          <PhotoPicker files={files} onChange={setFiles} />
        </Form.Item>
        <Button type="primary" onClick={submit} loading={busy === 'finding'} disabled={files.length === 0}>
          录入
        </Button>
      </Form>
    </Card>
  );
}
