import type { PhotoDto, ReportDetailDto } from '@sansui/shared';
import { Alert, App, Button, Card, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import type { UploadFile } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { GridMap, useGrids } from '../../components/GridMap';
import { useDicts } from '../../lib/dicts';
import { bboxOf } from '../../lib/geo';
import { useAction } from '../../lib/hooks';
import { PhotoPicker } from '../../components/PhotoPicker';

function newRequestId() {
  return `hotline-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** 热线登记: a dispatcher enters a 12345/12319 caller's complaint as a report with source hotline. */
export function HotlinePage() {
  const { categories } = useDicts();
  const { grids } = useGrids();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, run } = useAction();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [created, setCreated] = useState<{ id: number; caseId: number } | null>(null);
  const [requestId, setRequestId] = useState(newRequestId);
  const lat = Form.useWatch('lat', form);
  const lng = Form.useWatch('lng', form);
  const pickGrid = (id: number) => {
    const f = grids?.features.find((g) => g.properties.id === id);
    const b = f && bboxOf([f]);
    if (b) form.setFieldsValue({ lat: Number(((b.minY + b.maxY) / 2).toFixed(6)), lng: Number(((b.minX + b.maxX) / 2).toFixed(6)) });
  };
  const submit = async () => {
    const v = await form.validateFields();
    let res: ReportDetailDto | null = null;
    const ok = await run('submit', async () => {
      const photoIds: number[] = [];
      for (const f of files) photoIds.push((await api.upload<PhotoDto>(f.originFileObj as File)).id);
      res = await api.post<ReportDetailDto>('/reports', {
        kind: 'snap',
        source: 'hotline',
        categoryCode: v.categoryCode,
        description: v.description,
        contactName: v.caller || undefined,
        contactPhone: v.phone || undefined,
        location: { lat: v.lat, lng: v.lng },
        photoIds,
        clientRequestId: requestId,
      });
    });
    if (ok && res) {
      setCreated(res);
      message.success('已登记');
      form.resetFields();
      setFiles([]);
      setRequestId(newRequestId());
    }
  };
  return (
    <div>
      <Typography.Title level={4}>热线登记（12345 / 12319）</Typography.Title>
      {created && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          message={
            <span>
              已登记为案卷 <Link to={`/dispatch/triage?caseId=${created.caseId}`}>#{created.caseId}</Link>，进入受理分拣
            </span>
          }
        />
      )}
      <Space align="start" size="large">
        <Card style={{ width: 520 }}>
          <Form form={form} layout="vertical" onFinish={submit}>
            <Form.Item name="categoryCode" label="问题分类" rules={[{ required: true, message: '请选择分类' }]}>
              <Select showSearch optionFilterProp="label" options={categories.map((c) => ({ value: c.code, label: c.name }))} />
            </Form.Item>
            <Form.Item name="description" label="问题描述" rules={[{ required: true, message: '请填写来电反映的问题' }]}>
              <Input.TextArea rows={4} maxLength={500} showCount />
            </Form.Item>
            <Space>
              <Form.Item name="caller" label="来电人">
                <Input style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="phone" label="联系电话">
                <Input style={{ width: 200 }} />
              </Form.Item>
            </Space>
            <Form.Item name="gridId" label="所在网格（选择后自动填入网格中心，可再修改坐标）">
              <Select
                showSearch
                optionFilterProp="label"
                placeholder="选择网格"
                onChange={pickGrid}
                options={(grids?.features ?? []).map((f) => ({
                  value: f.properties.id,
                  label: `${f.properties.name}（${f.properties.code}）`,
                }))}
              />
            </Form.Item>
            <Space>
              <Form.Item name="lat" label="纬度（GCJ-02）" rules={[{ required: true, message: '请填写纬度' }]}>
                <InputNumber style={{ width: 200 }} step={0.0001} min={-90} max={90} />
              </Form.Item>
              <Form.Item name="lng" label="经度（GCJ-02）" rules={[{ required: true, message: '请填写经度' }]}>
                <InputNumber style={{ width: 200 }} step={0.0001} min={-180} max={180} />
              </Form.Item>
            </Space>
            <Form.Item label="照片（可选）">
              <PhotoPicker files={files} onChange={setFiles} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy === 'submit'}>
              登记
            </Button>
          </Form>
        </Card>
        <Card size="small" title="位置预览">
          {lat && lng ? (
            <GridMap points={[{ lat, lng }]} width={420} height={320} />
          ) : (
            <Typography.Text type="secondary">选择网格或填写坐标后显示</Typography.Text>
          )}
        </Card>
      </Space>
    </div>
  );
}
