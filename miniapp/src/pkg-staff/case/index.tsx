import { Button, Text, Textarea, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { CASE_STATUS_LABELS } from '@sansui/shared';
import { ApiError, errorMessage, getSessionUser, showError } from '../../api';
import { PageShell } from '../../components/PageShell';
import { formatDateTime, newestFirst } from '../../lib/format';
import { distanceM, type Point } from '../../lib/geo';
import { platform } from '../../platform';
import { staffApi, type StaffCase } from '../api';
import { BeforeAfter, CasePhotos } from '../components/CasePhotos';
import { EvidencePanel } from '../components/EvidencePanel';
import { TimeLeft } from '../components/TimeLeft';
import { distanceText } from '../lib/queue';
import { staffFeatures } from '../lib/roles';
import type { ResolveItem } from '../lib/resolve-outbox';
import { resolveOutbox, startResolveOutbox } from '../resolve-outbox';
import '../staff.scss';

type Panel = 'none' | 'return' | 'extension' | 'verify';

const RETURN_REASONS = ['不属于本部门职责', '位置不在本部门辖区', '信息不足，无法处置'];
const EXTENSION_HOURS = [24, 48, 72];

/** 案卷详情：处置前照片、地址与距离、导航，按能做的操作给出按钮（接单、退单、延期、处置、核查） */
export default function StaffCasePage() {
  const id = Number(useRouter().params.id);
  const [c, setCase] = useState<StaffCase | null>(null);
  const [error, setError] = useState('');
  const [here, setHere] = useState<Point | null>(null);
  const [panel, setPanel] = useState<Panel>('none');
  const [busy, setBusy] = useState(false);
  const [queued, setQueued] = useState<ResolveItem | undefined>(resolveOutbox.get(id));

  useEffect(() => resolveOutbox.subscribe(() => setQueued(resolveOutbox.get(id))), [id]);
  useEffect(() => resolveOutbox.onSent((caseId, result) => caseId === id && setCase(result)), [id]);
  useEffect(() => {
    void platform
      .getLocation()
      .then((l) => l.source === 'gps' && setHere({ lat: l.lat, lng: l.lng }))
      .catch(() => undefined);
  }, []);

  const load = async () => {
    try {
      setCase(await staffApi.case(id));
      setError('');
    } catch (err) {
      setError(err instanceof ApiError && err.status === 404 ? '没有找到这个案卷，或不归你所在部门' : errorMessage(err));
    } finally {
      Taro.stopPullDownRefresh();
    }
  };
  useDidShow(() => {
    startResolveOutbox();
    void load();
  });
  usePullDownRefresh(() => void load());

  /** 执行一个操作；成功后用服务端返回的案卷刷新页面 */
  const act = async (fn: () => Promise<StaffCase | unknown>, done: string) => {
    if (busy) return;
    setBusy(true);
    try {
      const res = await fn();
      if (res && typeof res === 'object' && 'status' in res) setCase(res as StaffCase);
      else await load();
      setPanel('none');
      void Taro.showToast({ title: done, icon: 'none' });
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) void load();
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  if (error || !c) {
    return (
      <PageShell>
        <View className={error ? 'empty' : 'muted'} style={{ textAlign: 'center', marginTop: '40px' }}>
          {error || '加载中…'}
        </View>
      </PageShell>
    );
  }

  const user = getSessionUser();
  const f = staffFeatures(user?.roles ?? []);
  const v = { expectedVersion: c.version };
  const before = [...(c.photosByRole?.evidence ?? []), ...(c.photosByRole?.before ?? [])];
  const resolution = c.photosByRole?.resolution ?? [];
  const can = (a: string) => c.actions.includes(a as never);
  const canVerify = f.verify && (can('verify_pass') || can('verify_fail'));
  const title = c.categoryName ?? c.categoryCode;
  const timeline = newestFirst(c.timeline ?? []).slice(0, 6);

  const navigate = () =>
    void platform
      .openLocation({ lat: c.location.lat, lng: c.location.lng, name: title, address: c.address ?? undefined })
      .catch(() => undefined);

  return (
    <PageShell>
      <View className="card" data-testid="staff-case" data-status={c.status}>
        <View className="row between">
          <View className="card-title" style={{ marginBottom: 0 }}>
            {title}
          </View>
          <Text className="chip chip--primary" data-testid="case-status">
            {CASE_STATUS_LABELS[c.status]}
          </Text>
        </View>
        <View className="row between" style={{ margin: '6px 0' }}>
          {c.status === 'dispatched' || c.status === 'in_progress' ? (
            <TimeLeft minutes={c.timeLeftMinutes} overdue={c.overdue} />
          ) : (
            <Text />
          )}
          <Text className="muted small">#{c.id}</Text>
        </View>
        {c.address ? <View data-testid="case-address">{c.address}</View> : <View className="muted">暂无地址描述，请用导航查看位置</View>}
        <View className="row between" style={{ marginTop: '6px' }}>
          <Text className="muted" data-testid="case-distance">
            {here ? `距你${distanceText(distanceM(here, c.location))}` : '打开定位后显示距离'}
          </Text>
          <Button className="btn btn-ghost btn-small" onClick={navigate} data-testid="navigate">
            导航
          </Button>
        </View>
        {c.description ? <View style={{ marginTop: '8px' }}>{c.description}</View> : null}
        {/* 核查时处置前后在下面并排显示，这里不重复 */}
        {canVerify && resolution.length ? null : <CasePhotos title="处置前（上报照片）" photos={before} testid="before-photos" />}
        {c.departmentName ? (
          <View className="muted small" style={{ marginTop: '8px' }}>
            责任部门：{c.departmentName}
            {c.handlerName ? ` · 处置人：${c.handlerName}` : ''}
          </View>
        ) : null}
        {c.deadline ? <View className="muted small">处置时限：{formatDateTime(c.deadline)}</View> : null}
      </View>

      {queued ? (
        <View className="card banner-warn" data-testid="resolve-queued" data-state={queued.state}>
          {queued.state === 'blocked' ? (
            <>
              <View>处置没有被接受：{queued.lastError}</View>
              <View className="row" style={{ gap: '10px', marginTop: '8px' }}>
                <Button
                  className="btn btn-primary btn-small"
                  onClick={() => void Taro.navigateTo({ url: `/pkg-staff/resolve/index?id=${c.id}` })}
                >
                  重新拍摄
                </Button>
                <Button className="btn btn-ghost btn-small" onClick={() => resolveOutbox.remove(c.id)}>
                  放弃这次处置
                </Button>
              </View>
            </>
          ) : (
            <View>
              {queued.state === 'sending'
                ? '处置正在提交…'
                : `处置已保存在手机上，网络恢复后自动提交${queued.lastError ? `（${queued.lastError}）` : ''}`}
            </View>
          )}
        </View>
      ) : null}

      {resolution.length || c.evidence ? (
        <View className="card" data-testid="resolution">
          <View className="card-title">处置结果</View>
          {canVerify ? <BeforeAfter before={before[0]} after={resolution[0]} /> : <CasePhotos photos={resolution} />}
          {c.evidence ? <EvidencePanel evidence={c.evidence} /> : null}
        </View>
      ) : null}

      <Actions
        c={c}
        busy={busy}
        panel={panel}
        setPanel={setPanel}
        canVerify={canVerify}
        hasQueued={!!queued}
        onClaim={() => void act(() => staffApi.claim(c.id, v), '已接单')}
        onReturn={(reason) => void act(() => staffApi.returnCase(c.id, reason, v), '已退单')}
        onExtension={(hours, reason) => void act(() => staffApi.requestExtension(c.id, hours, reason), '延期申请已提交')}
        onVerify={(passed, note) => void act(() => staffApi.verify(c.id, passed, note, v), passed ? '核查通过，已结案' : '已退回返工')}
      />

      <View className="card">
        <View className="card-title">经过</View>
        {timeline.map((ev) => (
          <View key={ev.id} className="timeline-item">
            <View className="timeline-dot" />
            <View>
              {ev.text}
              {ev.actorName ? <Text className="muted small">（{ev.actorName}）</Text> : null}
            </View>
            {ev.note ? <View className="muted">{ev.note}</View> : null}
            <View className="muted small">{formatDateTime(ev.at)}</View>
          </View>
        ))}
      </View>
    </PageShell>
  );
}

interface ActionsProps {
  c: StaffCase;
  busy: boolean;
  panel: Panel;
  setPanel: (p: Panel) => void;
  canVerify: boolean;
  hasQueued: boolean;
  onClaim: () => void;
  onReturn: (reason: string) => void;
  onExtension: (hours: number, reason: string) => void;
  onVerify: (passed: boolean, note?: string) => void;
}

function Actions({ c, busy, panel, setPanel, canVerify, hasQueued, onClaim, onReturn, onExtension, onVerify }: ActionsProps) {
  const [reason, setReason] = useState('');
  const [hours, setHours] = useState(24);
  const [note, setNote] = useState('');
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
          <View className="choice-row">
            {RETURN_REASONS.map((r) => (
              <Text key={r} className={`choice ${reason === r ? 'choice--on' : ''}`} onClick={() => setReason(r)}>
                {r}
              </Text>
            ))}
          </View>
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
          <View className="choice-row">
            {EXTENSION_HOURS.map((h) => (
              <Text key={h} className={`choice ${hours === h ? 'choice--on' : ''}`} onClick={() => setHours(h)}>
                延长 {h} 小时
              </Text>
            ))}
          </View>
          <Textarea
            className="textarea"
            value={reason}
            maxlength={500}
            placeholder="为什么需要更多时间（调度员审批）"
            onInput={(e) => setReason(e.detail.value)}
            data-testid="extension-reason"
          />
          <Button
            className={`btn btn-primary btn-block ${dim}`}
            style={{ marginTop: '8px' }}
            onClick={() =>
              reason.trim() ? onExtension(hours, reason.trim()) : void Taro.showToast({ title: '请写明延期原因', icon: 'none' })
            }
            data-testid="extension-submit"
          >
            提交申请
          </Button>
        </View>
      ) : null}

      {panel === 'verify' ? (
        <View style={{ marginTop: '12px' }} data-testid="verify-panel">
          <View className="card-title">核查结论</View>
          <View className="muted small">
            到现场对照处置前后的照片查看。{unverified ? '这次处置的证据未核实，通过时必须写明核查情况。' : ''}
          </View>
          <Textarea
            className="textarea"
            value={note}
            maxlength={500}
            placeholder={unverified ? '核查情况（必填）' : '核查情况（选填；不通过时请写明原因）'}
            onInput={(e) => setNote(e.detail.value)}
            data-testid="verify-note"
          />
          <View className="row" style={{ gap: '10px', marginTop: '8px' }}>
            <Button
              className={`btn btn-primary ${dim}`}
              style={{ flex: 1 }}
              onClick={() =>
                unverified && !note.trim()
                  ? void Taro.showToast({ title: '证据未核实，请写明核查情况', icon: 'none' })
                  : onVerify(true, note.trim() || undefined)
              }
              data-testid="verify-pass"
            >
              通过，结案
            </Button>
            <Button
              className={`btn btn-danger ${dim}`}
              style={{ flex: 1 }}
              onClick={() =>
                note.trim() ? onVerify(false, note.trim()) : void Taro.showToast({ title: '请写明不通过的原因', icon: 'none' })
              }
              data-testid="verify-fail"
            >
              不通过，返工
            </Button>
          </View>
        </View>
      ) : null}
    </View>
  );
}
