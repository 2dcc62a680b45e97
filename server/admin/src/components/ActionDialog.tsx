import { Form, Modal, type FormInstance } from 'antd';
import type { ReactNode } from 'react';

/** A case action's dialog: a notice, a vertical form, and the button that sends it (busy while it runs). */
export function ActionDialog(props: {
  open: boolean;
  title: string;
  okText: string;
  loading: boolean;
  danger?: boolean;
  okDisabled?: boolean;
  form: FormInstance;
  initialValues?: Record<string, unknown>;
  notice?: ReactNode;
  onCancel: () => void;
  onOk: () => unknown;
  children: ReactNode;
}) {
  const { open, title, okText, loading, danger, okDisabled, form, initialValues, notice, onCancel, onOk, children } = props;
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      okButtonProps={{ danger, loading, disabled: okDisabled }}
      onCancel={onCancel}
      onOk={onOk}
      destroyOnHidden
    >
      {notice}
      <Form form={form} layout="vertical" initialValues={initialValues}>
        {children}
      </Form>
    </Modal>
  );
}
