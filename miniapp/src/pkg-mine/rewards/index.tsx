import { Button, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useRef, useState } from 'react';
import type { MyRewardDto } from '@sansui/shared';
import { api, errorMessage, showError } from '../../api';
import { PageShell } from '../../components/PageShell';
import { StatusChip } from '../../components/StatusChip';
import { formatDateTime, formatFen } from '../../lib/format';
import { rewardView } from '../../lib/status';
import { platform } from '../../platform';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 服务端给出的标签、提示、能否领取优先；缺省时用本地映射 */
function itemView(r: MyRewardDto) {
  const local = rewardView(r.status);
  return {
    label: r.statusLabel || local.label,
    tone: local.tone,
    hint: r.hint || local.hint,
    claimable: typeof r.claimable === 'boolean' ? r.claimable : local.claimable,
  };
}

export default function MyRewards() {
  const [items, setItems] = useState<MyRewardDto[] | null>(null);
  const [error, setError] = useState('');
  const [busyId, setBusyId] = useState<number | null>(null);
  const busy = useRef(false);

  const load = async (): Promise<MyRewardDto[] | null> => {
    try {
      const list = await api.myRewards();
      list.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
      setItems(list);
      setError('');
      return list;
    } catch (err) {
      setError(errorMessage(err));
      return null;
    } finally {
      Taro.stopPullDownRefresh();
    }
  };

  useDidShow(() => void load());
  usePullDownRefresh(() => void load());

  /** 领取：服务端开转账单 → 微信“确认收款” → 以服务端状态为准刷新 */
  const claim = async (r: MyRewardDto) => {
    if (busy.current) return;
    busy.current = true;
    setBusyId(r.id);
    try {
      const bill = await api.claimReward(r.id);
      const outcome = await platform.requestMerchantTransfer(bill);
      if (outcome === 'unsupported') {
        await Taro.showModal({ title: '微信版本太低', content: '请把微信升级到最新版本后再来领取。', showCancel: false });
      } else if (outcome === 'cancelled') {
        void Taro.showToast({ title: '已取消，可以稍后再领', icon: 'none' });
      } else {
        void Taro.showToast({ title: '已确认，正在到账…', icon: 'none' });
        // 回调不代表到账：向服务端查几次状态
        for (const wait of [800, 1500, 3000]) {
          await sleep(wait);
          const list = await load();
          const now = list?.find((x) => x.id === r.id);
          if (!now || now.status === 'paid' || now.status === 'failed') break;
        }
        return;
      }
    } catch (err) {
      showError(err);
    } finally {
      busy.current = false;
      setBusyId(null);
    }
    void load();
  };

  const views = (items ?? []).map((r) => ({ r, v: itemView(r) }));
  const sum = (xs: typeof views) => xs.reduce((s, x) => s + x.r.amountFen, 0);
  const received = sum(views.filter((x) => x.r.status === 'paid'));
  // 待领取：要居民自己点“领取/确认收款”的；审核发放中：还在工作人员或微信支付那边的（过期、失败但可重领的算待领取）
  const toClaim = sum(views.filter((x) => x.v.claimable));
  const pending = sum(views.filter((x) => !x.v.claimable && !['paid', 'expired', 'cancelled'].includes(x.r.status)));

  return (
    <PageShell>
      <View className="card reward-total" data-testid="reward-total">
        <View className="muted">已到账</View>
        <View className="reward-total-value">{formatFen(received)}</View>
        {toClaim > 0 || pending > 0 ? (
          <View className="muted" data-testid="reward-waiting">
            {[toClaim > 0 ? `待领取 ${formatFen(toClaim)}` : '', pending > 0 ? `审核发放中 ${formatFen(pending)}` : '']
              .filter(Boolean)
              .join(' · ')}
          </View>
        ) : null}
      </View>

      {views.map(({ r, v }) => {
        return (
          <View className="list-item reward-item" key={r.id} data-testid="reward-item" data-status={r.status}>
            <View className="list-main">
              <View className="row between">
                <View className="reward-amount">{formatFen(r.amountFen)}</View>
                <StatusChip label={v.label} tone={v.tone} />
              </View>
              <View className="muted small">
                {r.campaignName ? `${r.campaignName} · ` : ''}上报 #{r.reportId} ·{' '}
                {r.paidAt ? `${formatDateTime(r.paidAt)} 到账` : `${formatDateTime(r.createdAt)} 获得`}
              </View>
              <View className="row between" style={{ marginTop: '4px' }}>
                <View className="muted">{v.hint}</View>
                {v.claimable ? (
                  <Button
                    className={`btn btn-primary btn-small ${busyId !== null ? 'btn--disabled' : ''}`}
                    onClick={() => void claim(r)}
                    data-testid="claim-reward"
                  >
                    {busyId === r.id ? '请稍候…' : r.status === 'transferring' ? '确认收款' : '领取'}
                  </Button>
                ) : null}
              </View>
            </View>
          </View>
        );
      })}

      {items && items.length === 0 ? (
        <View className="empty">
          <View>还没有红包</View>
          <View className="muted">上报的问题核实后，红包会出现在这里</View>
        </View>
      ) : null}
      {error ? (
        <View className="empty">
          <View>{error}</View>
          <Button className="btn btn-ghost" style={{ marginTop: '12px' }} onClick={() => void load()}>
            重试
          </Button>
        </View>
      ) : null}
      {!items && !error ? (
        <View className="muted" style={{ textAlign: 'center' }}>
          加载中…
        </View>
      ) : null}
    </PageShell>
  );
}
