import { CASE_ACTION_LABELS, REJECT_REASON_LABELS, REJECT_REASONS, type CaseAction, type CaseStaffDetailDto } from '@sansui/shared';
import { Alert, App, Button, Form, Input, InputNumber, Select, Space } from 'antd';
import type { UploadFile } from 'antd';
import { useState } from 'react';
import { can } from '../access';
import { api } from '../api/client';
import { useAuth } from '../auth';
import { useDicts } from '../lib/dicts';
import { useAction } from '../lib/hooks';
import { ActionDialog } from './ActionDialog';
import { MasterCasePicker } from './MasterCasePicker';
import { PhotoPicker } from './PhotoPicker';
import { ReassignButton } from './ReassignButton';

type Dialog = 'reject' | 'merge' | 'dispatch' | 'return' | 'resolve' | 'verify_pass' | 'verify_fail' | 'extension' | null;

/** Every case action, offered when the server lists it for the caller (detail.actions) and the UI role allows it. */
export function CaseActions({ detail, onDone, compact }: { detail: CaseStaffDetailDto; onDone: () => void; compact?: boolean }) {
  const { user } = useAuth();
  const { departments } = useDicts();
  const { message } = App.useApp();
  const { busy, run } = useAction();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const actions = new Set<CaseAction>(detail.actions ?? []);
  const id = detail.id;
  const roles = user?.roles;
  const suggestion = detail.triage?.routing;

  const act = async (key: string, path: string, body: unknown, ok: string) => {
    const done = await run(key, () => api.post(`/cases/${id}/${path}`, body));
    if (done) {
      message.success(ok);
      setDialog(null);
      form.resetFields();
      setFiles([]);
      onDone();
    }
    return done;
  };

  /** 按建议派遣: accept (when still submitted) then dispatch without a department, which takes the routing suggestion. */
  const dispatchOnSuggestion = () =>
    run('suggest', async () => {
      if (detail.status === 'submitted') await api.post(`/cases/${id}/accept`, {});
      await api.post(`/cases/${id}/dispatch`, {});
    }).then((ok) => {
      if (ok) {
        message.success('已按建议派遣');
        onDone();
      }
    });

  const canTriage = can(roles, 'case.triage');
  const canWork = can(roles, 'case.work');
  const canVerify = can(roles, 'case.verify');
  /** A submitted case is dispatched in one step: accepted first, as 按建议派遣 and the dispatch dialog do. */
  const mayDispatch =
    canTriage && (actions.has('dispatch') || (detail.status === 'submitted' && actions.has('accept') && detail.kind !== 'pickup'));
  const showSuggest = mayDispatch && detail.kind !== 'pickup';
  const inWork = detail.status === 'dispatched' || detail.status === 'in_progress';
  const pendingExt = (detail.extensions ?? []).find((e) => e.status === 'pending') ?? null;
  const pendingReopen = (detail.reopenRequests ?? []).some((r) => r.status === 'pending');
  const mayRequestExt = detail.canRequestExtension ?? (inWork && !pendingExt);
  const mayDecideExt = detail.canDecideExtension ?? !!pendingExt;
  const unverified = detail.evidence?.verified === false;

  const close = () => {
    setDialog(null);
    setFiles([]);
  };

  /** What every dialog of `name` shares: open when chosen, busy while its action runs, one form. */
  const dialogProps = (name: Exclude<Dialog, null>) => ({ open: dialog === name, loading: busy === name, onCancel: close, form });

  /** Sends the dialog's form (checked first) to `/cases/:id/<path>` as `body(values)`. */
  const submitForm = async (key: Exclude<Dialog, null>, path: string, ok: string, body: (v: Record<string, unknown>) => unknown) => {
    const v = (await form.validateFields()) as Record<string, unknown>;
    await act(key, path, body(v), ok);
  };

  /** 派遣 from the dialog: a case still submitted is accepted first. */
  const submitDispatch = async () => {
    const v = (await form.validateFields()) as { departmentId: number };
    if (detail.status === 'submitted') {
      const ok = await run('dispatch', () => api.post(`/cases/${id}/accept`, {}));
      if (!ok) return;
    }
    await act('dispatch', 'dispatch', { departmentId: v.departmentId }, '已派遣');
  };

  /** Uploads the chosen files; null when an upload failed (the error is shown). */
  const uploadFiles = async (key: string): Promise<number[] | null> => {
    const photoIds: number[] = [];
    const ok = await run(key, async () => {
      for (const f of files) {
        const up = await api.upload<{ id: number }>(f.originFileObj as File);
        photoIds.push(up.id);
      }
    });
    return ok ? photoIds : null;
  };

  const submitResolve = async () => {
    const v = await form.validateFields();
    const photoIds = await uploadFiles('resolve');
    if (!photoIds) return;
    // No location: the desk does not know where the photos were taken (docs/domain.md §14); the evidence is recorded as unverified.
    await act('resolve', 'resolve', { note: v.note || undefined, photoIds }, '已提交处置结果');
  };

  /** 核查 from the desk: photos are optional (a desk upload has no capture facts, so they stay unverified). */
  const submitVerify = async (passed: boolean) => {
    const key = passed ? 'verify_pass' : 'verify_fail';
    const v = await form.validateFields();
    const photoIds = await uploadFiles(key);
    if (!photoIds) return;
    await act(
      key,
      'verify',
      { passed, note: v.note || undefined, ...(photoIds.length ? { photoIds } : {}) },
      passed ? '已核查结案' : '已退回返工',
    );
  };

  const verifyPhotos = (
    <Form.Item label="核查照片（可选）" extra="电脑上传的照片没有拍摄位置和时间，记为“未核实”。在现场请用小程序“工作台”拍照核查。">
      <PhotoPicker files={files} onChange={setFiles} testId="verify-photos" />
    </Form.Item>
  );

  return (
    <>
      <Space wrap size={compact ? 4 : 8}>
        {showSuggest && (
          <Button
            type="primary"
            loading={busy === 'suggest'}
            onClick={dispatchOnSuggestion}
            disabled={!suggestion?.departmentId && !!suggestion}
          >
            按建议派遣{suggestion?.departmentName ? `（${suggestion.departmentName}）` : ''}
          </Button>
        )}
        {canTriage && actions.has('accept') && (
          <Button loading={busy === 'accept'} onClick={() => act('accept', 'accept', {}, '已受理')}>
            {CASE_ACTION_LABELS.accept}
          </Button>
        )}
        {mayDispatch && <Button onClick={() => setDialog('dispatch')}>改派其他部门</Button>}
        {canTriage && actions.has('reject') && (
          <Button danger onClick={() => setDialog('reject')}>
            {CASE_ACTION_LABELS.reject}
          </Button>
        )}
        {canTriage && actions.has('merge') && <Button onClick={() => setDialog('merge')}>{CASE_ACTION_LABELS.merge}</Button>}
        {canWork && actions.has('claim') && (
          <Button type="primary" loading={busy === 'claim'} onClick={() => act('claim', 'claim', {}, '已接单')}>
            {CASE_ACTION_LABELS.claim}
          </Button>
        )}
        {canWork && actions.has('resolve') && (
          <Button type="primary" onClick={() => setDialog('resolve')}>
            {CASE_ACTION_LABELS.resolve}
          </Button>
        )}
        {canWork && actions.has('return') && <Button onClick={() => setDialog('return')}>{CASE_ACTION_LABELS.return}</Button>}
        {canWork && mayRequestExt && <Button onClick={() => setDialog('extension')}>申请延期</Button>}
        {can(roles, 'case.reassign') && detail.canReassign && <ReassignButton detail={detail} onDone={onDone} />}
        {canVerify && actions.has('verify_pass') && (
          <Button type="primary" onClick={() => setDialog('verify_pass')}>
            通过
          </Button>
        )}
        {canVerify && actions.has('verify_fail') && (
          <Button danger onClick={() => setDialog('verify_fail')}>
            返工
          </Button>
        )}
        {can(roles, 'case.reopen') && actions.has('reopen') && (
          <Button
            type={pendingReopen ? 'primary' : 'default'}
            loading={busy === 'reopen'}
            onClick={() => act('reopen', 'reopen', {}, '已重新派遣')}
          >
            {CASE_ACTION_LABELS.reopen}
          </Button>
        )}
        {can(roles, 'case.reopen') && pendingReopen && (
          <Button loading={busy === 'decline'} onClick={() => act('decline', 'reopen/decline', {}, '已驳回重新派遣申请')}>
            不予重新派遣
          </Button>
        )}
        {can(roles, 'case.extension.decide') && mayDecideExt && pendingExt && (
          <>
            <Button
              type="primary"
              loading={busy === 'ext-yes'}
              onClick={() => act('ext-yes', 'extension/decide', { approved: true }, '已同意延期')}
            >
              同意延期 {pendingExt.hours} 小时
            </Button>
            <Button loading={busy === 'ext-no'} onClick={() => act('ext-no', 'extension/decide', { approved: false }, '已驳回延期')}>
              驳回延期
            </Button>
          </>
        )}
      </Space>

      <ActionDialog
        {...dialogProps('reject')}
        title="不予受理"
        okText="确认不予受理"
        danger
        onOk={() => submitForm('reject', 'reject', '已不予受理', (v) => v)}
      >
        <Form.Item name="reason" label="原因" rules={[{ required: true, message: '请选择原因' }]}>
          <Select options={REJECT_REASONS.map((r) => ({ value: r, label: REJECT_REASON_LABELS[r] }))} placeholder="选择原因" />
        </Form.Item>
        <Form.Item name="note" label="说明" rules={[{ required: true, message: '请填写说明' }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </ActionDialog>

      <ActionDialog
        {...dialogProps('merge')}
        title="合并到已有案卷"
        okText="合并"
        initialValues={{ masterCaseId: detail.triage?.duplicates?.[0]?.caseId }}
        onOk={() => submitForm('merge', 'merge', '已合并', (v) => ({ masterCaseId: Number(v.masterCaseId) }))}
      >
        <Form.Item name="masterCaseId" label="主案卷编号" rules={[{ required: true, message: '请选择或输入主案卷编号' }]}>
          <MasterCasePicker duplicates={detail.triage?.duplicates ?? []} />
        </Form.Item>
      </ActionDialog>

      <ActionDialog
        {...dialogProps('dispatch')}
        title="派遣到部门"
        okText="派遣"
        initialValues={{ departmentId: suggestion?.departmentId ?? undefined }}
        onOk={submitDispatch}
      >
        <Form.Item name="departmentId" label="责任部门" rules={[{ required: true, message: '请选择部门' }]}>
          <Select showSearch optionFilterProp="label" options={departments.map((d) => ({ value: d.id, label: d.name }))} />
        </Form.Item>
      </ActionDialog>

      <ActionDialog
        {...dialogProps('return')}
        title="退单"
        okText="退回调度"
        onOk={() => submitForm('return', 'return', '已退单', (v) => v)}
      >
        <Form.Item name="reason" label="退单原因" rules={[{ required: true, message: '请填写退单原因' }]}>
          <Input.TextArea rows={3} maxLength={500} placeholder="例如：不属于本部门职责，应由…处理" />
        </Form.Item>
      </ActionDialog>

      <ActionDialog
        {...dialogProps('verify_pass')}
        title={unverified ? '核查通过（证据未核实）' : '核查通过'}
        okText="核查通过并结案"
        onOk={() => submitVerify(true)}
        notice={
          unverified && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              message="这次处置的照片证据未核实"
              description="例如照片是电脑上传、从相册选择、或没有拍摄位置。请说明您是如何确认问题已解决的（如现场核查、电话回访）。"
            />
          )
        }
      >
        {verifyPhotos}
        <Form.Item name="note" label="核查说明" rules={[{ required: unverified, whitespace: true, message: '证据未核实，请填写核查说明' }]}>
          <Input.TextArea rows={3} maxLength={500} placeholder="例如：已到现场查看，垃圾已清理" />
        </Form.Item>
      </ActionDialog>

      <ActionDialog {...dialogProps('verify_fail')} title="返工" okText="退回返工" danger onOk={() => submitVerify(false)}>
        {verifyPhotos}
        <Form.Item name="note" label="返工说明" rules={[{ required: true, message: '请说明需要返工的原因' }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </ActionDialog>

      <ActionDialog
        {...dialogProps('extension')}
        title="申请延期"
        okText="提交申请"
        initialValues={{ hours: 24 }}
        onOk={() => submitForm('extension', 'extension', '已提交延期申请', (v) => v)}
      >
        <Form.Item name="hours" label="延长小时数" rules={[{ required: true }]}>
          <InputNumber min={1} max={720} />
        </Form.Item>
        <Form.Item name="reason" label="理由" rules={[{ required: true, message: '请填写延期理由' }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </ActionDialog>

      <ActionDialog
        {...dialogProps('resolve')}
        title="处置完毕"
        okText="提交"
        okDisabled={files.length === 0}
        onOk={submitResolve}
        notice={
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            message="电脑上传的处置照片将记为“证据未核实”"
            description="电脑不知道照片是在哪里、什么时候拍的，系统不会替照片填写位置。核查时需要填写说明。在现场请用小程序“工作台”拍照处置，证据可自动核实。"
            data-testid="desk-resolve-note"
          />
        }
      >
        <Form.Item label="处置后照片（至少一张）" required>
          <PhotoPicker files={files} onChange={setFiles} />
        </Form.Item>
        <Form.Item name="note" label="处置说明">
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </ActionDialog>
    </>
  );
}
