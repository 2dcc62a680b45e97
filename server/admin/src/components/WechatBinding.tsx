import type { StaffBindCodeDto, StaffWechatBindingDto } from '@sansui/shared';
import { Alert, App, Button, Modal, Popconfirm, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import { formatTime } from '../lib/countdown';
import { useAction } from '../lib/hooks';

/** The active WeChat bindings of staff accounts (admin), reloaded after a change. */
export function useWechatBindings() {
  const [bound, setBound] = useState<Map<number, StaffWechatBindingDto>>(new Map());
  const reload = useCallback(() => {
    api
      .get<StaffWechatBindingDto[]>('/staff-wechat-bindings')
      .then((rows) => setBound(new Map(rows.map((b) => [b.userId, b]))))
      .catch(() => setBound(new Map()));
  }, []);
  useEffect(reload, [reload]);
  return { bound, reload };
}

/**
 * A staff account's WeChat binding on the staff page: bound or not, a one-time bind code (shown once,
 * valid 24 h) for the staff member to enter in the mini-program's 工作台, and unbinding.
 */
export function WechatBindingCell({
  userId,
  binding,
  onChanged,
}: {
  userId: number;
  binding: StaffWechatBindingDto | undefined;
  onChanged: () => void;
}) {
  const { message } = App.useApp();
  const { busy, run } = useAction();
  const [code, setCode] = useState<StaffBindCodeDto | null>(null);
  const create = () =>
    run('code', async () => {
      setCode(await api.post<StaffBindCodeDto>('/staff-bind-codes', { userId }));
    });
  const unbind = () =>
    run('unbind', () => api.del(`/users/${userId}/wechat-binding`)).then((ok) => {
      if (ok) {
        message.success('已解除微信绑定');
        onChanged();
      }
    });
  return (
    <Space size={4} wrap>
      {binding ? <Tag color="green">已绑定 {formatTime(binding.boundAt)}</Tag> : <Tag>未绑定</Tag>}
      <Button size="small" loading={busy === 'code'} onClick={create}>
        生成绑定码
      </Button>
      {binding && (
        <Popconfirm title="解除后，该微信将不能再以工作人员身份登录小程序。确定解除？" onConfirm={unbind} okText="解除" cancelText="取消">
          <Button size="small" danger loading={busy === 'unbind'}>
            解绑
          </Button>
        </Popconfirm>
      )}
      <Modal
        open={!!code}
        title="微信绑定码"
        footer={<Button onClick={() => setCode(null)}>我已记下</Button>}
        onCancel={() => setCode(null)}
      >
        {code && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Title level={2} copyable style={{ textAlign: 'center', letterSpacing: 4 }} data-testid="bind-code">
              {code.code}
            </Typography.Title>
            <Typography.Text>有效期至 {formatTime(code.expiresAt)}（24 小时），只能使用一次。</Typography.Text>
            <Alert
              type="warning"
              showIcon
              message="绑定码只显示这一次"
              description="请当面或通过可靠渠道交给本人，在小程序“我的 → 工作台”中输入。之前生成但未使用的绑定码已作废。"
            />
          </Space>
        )}
      </Modal>
    </Space>
  );
}
