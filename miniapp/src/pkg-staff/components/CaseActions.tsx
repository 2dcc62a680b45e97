import { Button, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { StaffCase } from '../api';
import { ChoiceRow } from './ChoiceRow';
import { VerifyPanel } from './VerifyPanel';

export type Panel = 'none' | 'return' | 'extension' | 'verify';

const RETURN_REASONS = ['不属于本部门职责', '位置不在本部门辖区', '信息不足，无法处置'];
const EXTENSION_HOURS = [24, 48, 72];

export interface ActionsProps {
  c: StaffCase;
  busy: boolean;
  panel: Panel;
  setPanel: (p: Panel) => void;
  canVerify: boolean;
  hasQueued: boolean;
  onClaim: () => void;
  onReturn: (reason: string) => void;
  onExtension: (hours: number, reason: string) => void;
  /** photoIds 为空：案头核查 */
  onVerify: (passed: boolean, note: string | undefined, photoIds: number[]) => Promise<boolean> | void;
}

/** 案卷页的操作区：按服务端给的 actions 显示接单、处置完毕、申请延期、退单、现场核查，以及各自的填写面板 */
export function Actions({ c, busy, panel, setPanel, canVerify, hasQueued, onClaim, onReturn, onExtension, onVerify }: ActionsProps) {
  const [reason, setReason] = useState('');
  const [extReason, setExtReason] = useState('');
  const [hours, setHours] = useState(24);
  const can = (a: string) => c.actions.includes(a as never);
  const dim = busy ? 'btn--disabled' : '';
  const buttons: JSX.Element[] = [];
  if (can('claim'))
    buttons.push(
      <Button key="claim" className={`btn btn-primary ${dim}`} onClick={onClaim} data-testid="act-claim">
        接单
      </Button>,
    );
  if (can('resolve') && !hasQueued)
    buttons.push(
      <Button
        key="resolve"
        className={`btn btn-primary ${dim}`}
        onClick={() => void Taro.navigateTo({ url: `/pkg-staff/resolve/index?id=${c.id}` })}
        data-testid="act-resolve"
      >
        处置完毕
      </Button>,
    );
  if (c.canRequestExtension)
    buttons.push(
      <Button
        key="ext"
        className="btn btn-ghost"
        onClick={() => setPanel(panel === 'extension' ? 'none' : 'extension')}
        data-testid="act-extension"
      >
        申请延期
      </Button>,
    );
  if (can('return'))
    buttons.push(
      <Button
        key="return"
        className="btn btn-danger"
        onClick={() => setPanel(panel === 'return' ? 'none' : 'return')}
        data-testid="act-return"
      >
        退单
      </Button>,
    );
  if (canVerify)
    buttons.push(
      <Button
        key="verify"
        className="btn btn-primary"
        onClick={() => setPanel(panel === 'verify' ? 'none' : 'verify')}
        data-testid="act-verify"
      >
        现场核查
      </Button>,
    );
  if (!buttons.length) return null;

  const unverified = c.evidence ? !c.evidence.verified : false;
  return (
    <View className="card" data-testid="actions">
      <View className="action-grid">{buttons}</View>

      {panel === 'return' ? (
        <View style={{ marginTop: '12px' }} data-testid="return-panel">
          <View className="card-title">退单原因</View>
          <ChoiceRow
            label="常用退单原因"
            choices={RETURN_REASONS.map((r) => ({ value: r, text: r }))}
            value={reason}
            onChange={setReason}
          />
          <Textarea
            className="textarea"
            value={reason}
            maxlength={500}
            placeholder="写明为什么退回，调度员据此重新派遣"
            onInput={(e) => setReason(e.detail.value)}
            data-testid="return-reason"
          />
          <Button
            className={`btn btn-danger btn-block ${dim}`}
            style={{ marginTop: '8px' }}
            onClick={() => (reason.trim() ? onReturn(reason.trim()) : void Taro.showToast({ title: '请写明退单原因', icon: 'none' }))}
            data-testid="return-submit"
          >
            确认退单
          </Button>
        </View>
      ) : null}

      {panel === 'extension' ? (
        <View style={{ marginTop: '12px' }} data-testid="extension-panel">
          <View className="card-title">申请延期</View>
          <ChoiceRow
            label="延长多久"
            choices={EXTENSION_HOURS.map((h) => ({ value: h, text: `延长 ${h} 小时` }))}
            value={hours}
            onChange={setHours}
          />
          <Textarea
            className="textarea"
            value={extReason}
            maxlength={500}
            placeholder="为什么需要更多时间（调度员审批）"
            onInput={(e) => setExtReason(e.detail.value)}
            data-testid="extension-reason"
          />
          <Button
            className={`btn btn-primary btn-block ${dim}`}
            style={{ marginTop: '8px' }}
            onClick={() =>
              extReason.trim() ? onExtension(hours, extReason.trim()) : void Taro.showToast({ title: '请写明延期原因', icon: 'none' })
            }
            data-testid="extension-submit"
          >
            提交申请
          </Button>
        </View>
      ) : null}

      {panel === 'verify' ? <VerifyPanel unverified={unverified} busy={busy} onVerify={onVerify} /> : null}
    </View>
  );
}
