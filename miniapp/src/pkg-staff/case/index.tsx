import { Button, Text, View } from '@tarojs/components';
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
import { Actions, type Panel } from '../components/CaseActions';
import { TimeLeft } from '../components/TimeLeft';
import { distanceText } from '../lib/queue';
import { staffFeatures } from '../lib/roles';
import type { ResolveItem } from '../lib/resolve-outbox';
import { resolveOutbox, startResolveOutbox } from '../resolve-outbox';
import '../staff.scss';

/** 最近一次核查：现场核查（核查照片和它们的核验结论）或案头核查 */
function VerificationCard({ c }: { c: StaffCase }) {
  const v = c.verification!;
  return (
    <View className="card" data-testid="verification" data-on-site={v.onSite ? '1' : '0'}>
      <View className="row between">
        <View className="card-title" style={{ marginBottom: 0 }}>
          {v.onSite ? '现场核查' : '案头核查'}
        </View>
        <Text className={`chip ${v.passed ? 'chip--primary' : ''}`}>{v.passed ? '通过' : '返工'}</Text>
      </View>
      <View className="muted small">{formatDateTime(v.at)}</View>
      {v.onSite ? (
        <>
          <CasePhotos title="核查照片" photos={c.photosByRole?.verification ?? []} testid="verification-photos" />
          {v.evidence ? <EvidencePanel evidence={v.evidence} label="核查照片" /> : null}
        </>
      ) : (
        <View className="muted small">没有核查照片（未到现场拍照）。</View>
      )}
    </View>
  );
}

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
  /** 执行一个操作；成功后用服务端返回的案卷刷新页面。返回是否成功 */
  const act = async (fn: () => Promise<StaffCase | unknown>, done: string): Promise<boolean> => {
    if (busy) return false;
    setBusy(true);
    try {
      const res = await fn();
      if (res && typeof res === 'object' && 'status' in res) setCase(res as StaffCase);
      else await load();
      setPanel('none');
      void Taro.showToast({ title: done, icon: 'none' });
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) void load();
      showError(err);
      return false;
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
        {canVerify && resolution.length ? null : (
          <CasePhotos title="处置前（上报照片）" alt="处置前的上报照片" photos={before} testid="before-photos" />
        )}
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
          {canVerify ? <BeforeAfter before={before[0]} after={resolution[0]} /> : <CasePhotos photos={resolution} alt="处置后的照片" />}
          {c.evidence ? <EvidencePanel evidence={c.evidence} /> : null}
        </View>
      ) : null}

      {c.verification ? <VerificationCard c={c} /> : null}

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
        onVerify={(passed, note, photoIds) =>
          act(() => staffApi.verify(c.id, passed, note, photoIds, v), passed ? '核查通过，已结案' : '已退回返工')
        }
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
            {ev.photos?.length ? (
              <CasePhotos photos={ev.photos} alt={`“${ev.text}”时的照片`} testid={`timeline-photos-${ev.action}`} />
            ) : null}
            <View className="muted small">{formatDateTime(ev.at)}</View>
          </View>
        ))}
      </View>
    </PageShell>
  );
}
