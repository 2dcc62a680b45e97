import { App, Button, Card, Form, InputNumber, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { can } from '../../access';
import { api } from '../../api/client';
import { useAuth } from '../../auth';
import { PageState } from '../../components/PageState';
import { useAction, useFetch } from '../../lib/hooks';

type FraudSettings = Record<(typeof FIELDS)[number]['name'], number>;

/** The thresholds and their bounds, as the server validates them (server/src/rewards/dto/fraud-settings.dto.ts). */
export const FIELDS = [
  { name: 'rewardBurstMax', label: '红包过密：同一居民在时间窗内最多几个红包（超过即暂扣）', min: 1, max: 1000, unit: '个' },
  { name: 'rewardBurstMinutes', label: '红包过密：时间窗', min: 1, max: 10_080, unit: '分钟' },
  { name: 'sharedPhoneMaxAccounts', label: '同一手机号：最多几个居民账号（超过即暂扣）', min: 1, max: 100, unit: '个' },
  { name: 'spotClusterResidents', label: '同点多人：至少几位不同居民获奖即暂扣（含本人）', min: 2, max: 100, unit: '位' },
  { name: 'spotClusterRadiusM', label: '同点多人：半径', min: 5, max: 5000, unit: '米' },
  { name: 'spotClusterMinutes', label: '同点多人：时间窗', min: 1, max: 10_080, unit: '分钟' },
] as const;

/** 风险阈值: auditors read them; admins change them (audited, only rewards granted afterwards are affected). */
export function FraudSettingsPage() {
  const { user } = useAuth();
  const editable = can(user?.roles, 'config.edit');
  const current = useFetch<FraudSettings>('/fraud-settings');
  const [form] = Form.useForm<FraudSettings>();
  const { busy, run } = useAction();
  const { message } = App.useApp();
  useEffect(() => {
    if (current.data) form.setFieldsValue(current.data);
  }, [current.data, form]);
  const save = async () => {
    // Invalid fields show their own messages.
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const ok = await run('save', () => api.put('/fraud-settings', values));
    if (ok) {
      message.success('风险阈值已保存（已记入审计日志），只影响之后发放的红包');
      current.reload();
    }
  };
  if (!current.data) return <PageState loading={current.loading} error={current.error} onRetry={current.reload} />;
  return (
    <div>
      <Typography.Title level={4}>风险阈值</Typography.Title>
      <Typography.Paragraph type="secondary">
        红包发放时超过这些阈值会暂扣，等审计员核实（见“红包审核”）。
        {editable ? '修改会记入审计日志，只影响之后发放的红包。' : '只有系统管理员可以修改。'}
      </Typography.Paragraph>
      <Card size="small" style={{ maxWidth: 760 }}>
        <Form form={form} layout="vertical" disabled={!editable} data-testid="fraud-settings-form" data-loaded={current.loading ? 0 : 1}>
          {FIELDS.map((f) => (
            <Form.Item
              key={f.name}
              name={f.name}
              label={f.label}
              rules={[
                { required: true, message: '请填写' },
                { type: 'integer', min: f.min, max: f.max, message: `请填写 ${f.min}–${f.max} 之间的整数` },
              ]}
            >
              <InputNumber addonAfter={f.unit} style={{ width: 220 }} data-testid={`fraud-${f.name}`} />
            </Form.Item>
          ))}
          {editable && (
            <Space>
              <Button type="primary" loading={busy === 'save'} onClick={save}>
                保存
              </Button>
              <Button onClick={() => form.setFieldsValue(current.data!)}>恢复为当前值</Button>
            </Space>
          )}
        </Form>
      </Card>
    </div>
  );
}
