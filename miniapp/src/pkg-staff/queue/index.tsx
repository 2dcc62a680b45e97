import { Image, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { CASE_STATUS_LABELS, type CaseStatus } from '@sansui/shared';
import { errorMessage } from '../../api';
import { PageShell } from '../../components/PageShell';
import { StatusChip } from '../../components/StatusChip';
import { distanceM, type Point } from '../../lib/geo';
import type { Tone } from '../../lib/status';
import { assetUrl } from '../../lib/url';
import { platform } from '../../platform';
import { staffApi, type StaffCaseItem } from '../api';
import { TimeLeft } from '../components/TimeLeft';
import { distanceText, queueOrder } from '../lib/queue';
import type { ResolveItem } from '../lib/resolve-outbox';
import { resolveOutbox, startResolveOutbox } from '../resolve-outbox';
import { ListStatus } from '../components/ListStatus';
import '../staff.scss';
import { Pressable } from '../../platform/Pressable';

type Mode = 'dept' | 'verify';

const MODES: Record<Mode, { title: string; status: string; empty: string }> = {
  dept: { title: '部门待办', status: 'dispatched,in_progress', empty: '本部门没有待办的案卷' },
  verify: { title: '待核查', status: 'resolved', empty: '没有等待核查的案卷' },
};

const STATUS_TONE: Partial<Record<CaseStatus, Tone>> = { dispatched: 'warning', in_progress: 'primary', resolved: 'primary' };

/** 部门待办（处置人员、部门负责人）/ 待核查（巡查员、调度员）：按剩余时间，超期的在最前、标红 */
export default function StaffQueue() {
  const mode: Mode = useRouter().params.mode === 'verify' ? 'verify' : 'dept';
  const conf = MODES[mode];
  const [items, setItems] = useState<StaffCaseItem[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState('');
  const [here, setHere] = useState<Point | null>(null);
  const [pending, setPending] = useState<ResolveItem[]>(resolveOutbox.items());

  useEffect(() => resolveOutbox.subscribe(setPending), []);
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: conf.title });
    // 离我多远：只用真实定位，拿不到就不显示
    void platform
      .getLocation()
      .then((l) => l.source === 'gps' && setHere({ lat: l.lat, lng: l.lng }))
      .catch(() => undefined);
  }, [conf.title]);

  const load = async () => {
    try {
      const res = await staffApi.cases(conf.status);
      setItems(queueOrder(res.items));
      setTotal(res.total);
      setError('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      Taro.stopPullDownRefresh();
    }
  };

  // 自动重试的处置发出去后刷新列表（load 每次渲染都是新的：订阅一次，调用最新的）
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => resolveOutbox.onSent(() => void loadRef.current()), []);

  useDidShow(() => {
    startResolveOutbox();
    void load();
  });
  usePullDownRefresh(() => {
    void resolveOutbox.flush(true);
    void load();
  });

  const overdue = items?.filter((c) => c.overdue).length ?? 0;

  return (
    <PageShell>
      <ListStatus error={error} items={items} empty={conf.empty} emptyTestId="queue-empty" />
      {items && items.length ? (
        <View className="muted small" style={{ margin: '0 4px 8px' }}>
          共 {total} 件{overdue ? `，其中超期 ${overdue} 件` : ''}
        </View>
      ) : null}
      {items?.map((c) => {
        const queued = pending.find((p) => p.job.caseId === c.id);
        return (
          <Pressable
            key={c.id}
            className={`queue-item ${c.overdue ? 'queue-item--overdue' : ''}`}
            data-testid="queue-item"
            data-case-id={c.id}
            data-overdue={c.overdue ? '1' : '0'}
            onClick={() => void Taro.navigateTo({ url: `/pkg-staff/case/index?id=${c.id}` })}
          >
            {c.thumbUrl ? (
              <Image
                className="queue-thumb"
                mode="aspectFill"
                src={assetUrl(c.thumbUrl)}
                nativeProps={{ alt: `案卷 #${c.id} 的现场照片` }}
              />
            ) : (
              <View className="queue-thumb" />
            )}
            <View className="queue-body">
              <View className="row between">
                <Text className="queue-title ellipsis">{c.categoryName ?? c.categoryCode}</Text>
                <StatusChip label={CASE_STATUS_LABELS[c.status]} tone={STATUS_TONE[c.status] ?? 'default'} />
              </View>
              <View className="row between" style={{ marginTop: '4px' }}>
                <TimeLeft minutes={c.timeLeftMinutes} overdue={c.overdue} />
                <Text className="muted small">#{c.id}</Text>
              </View>
              <View className="muted small ellipsis">
                {c.address ?? c.description ?? '（无说明）'}
                {here ? ` · 距你${distanceText(distanceM(here, c.location))}` : ''}
              </View>
              {queued ? (
                <View className={queued.state === 'blocked' ? 'error-text small' : 'muted small'}>
                  {queued.state === 'blocked' ? `处置被退回：${queued.lastError ?? ''}` : '处置已保存，等待网络自动提交'}
                </View>
              ) : null}
              {c.handlerName && mode === 'dept' ? <View className="muted small">处置人：{c.handlerName}</View> : null}
            </View>
          </Pressable>
        );
      })}
    </PageShell>
  );
}
