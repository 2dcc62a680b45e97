import type { CaseHandlerOptionDto, CaseStaffDetailDto } from '@sansui/shared';
import { App, Button, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import { useFetch, useAction } from '../lib/hooks';

/** The select's choices: the department's handlers except the one already holding the case. */
export function reassignChoices(options: readonly CaseHandlerOptionDto[], currentHandlerId: number | null | undefined) {
  return options.filter((o) => o.id !== currentHandlerId).map((o) => ({ value: o.id, label: o.displayName }));
}

/** 改派: a department manager hands an in-progress case to another handler of the department (POST /cases/:id/reassign). */
export function ReassignButton({ detail, onDone }: { detail: CaseStaffDetailDto; onDone: () => void }) {
  const { message } = App.useApp();
  const { busy, run } = useAction();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const handlers = useFetch<CaseHandlerOptionDto[]>(open ? `/cases/${detail.id}/handlers` : null);
  const choices = reassignChoices(handlers.data ?? [], detail.handlerUserId);

  const submit = async () => {
    const v = await form.validateFields();
    const ok = await run('reassign', () =>
      api.post(`/cases/${detail.id}/reassign`, {
        handlerUserId: v.handlerUserId,
        note: v.note || undefined,
        expectedVersion: detail.version,
      }),
    );
    if (!ok) return;
    message.success('已改派');
    setOpen(false);
    form.resetFields();
    onDone();
  };

  return (
    <>
      <Button onClick={() => setOpen(true)}>改派</Button>
      <Modal
        open={open}
        title="改派处置人员"
        okText="确认改派"
        okButtonProps={{ loading: busy === 'reassign' }}
        onCancel={() => setOpen(false)}
        onOk={submit}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item label="当前处置人员">{detail.handlerName ?? '—'}</Form.Item>
          <Form.Item name="handlerUserId" label="改派给" rules={[{ required: true, message: '请选择处置人员' }]}>
            <Select
              showSearch
              optionFilterProp="label"
              loading={handlers.loading}
              options={choices}
              placeholder="选择本部门处置人员"
              notFoundContent={handlers.loading ? '加载中…' : '本部门没有其他在岗的处置人员'}
            />
          </Form.Item>
          <Form.Item name="note" label="说明">
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
