import { Button, Image, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import type { CategoryDto, ReportDto } from '@sansui/shared';
import { REPORT_KIND_LABELS } from '@sansui/shared';
import { api, errorMessage } from '../../api';
import { PageShell } from '../../components/PageShell';
import { StatusChip } from '../../components/StatusChip';
import { timeAgo } from '../../lib/format';
import type { OutboxItem } from '../../lib/outbox';
import { caseChip, outboxChip } from '../../lib/status';
import { assetUrl } from '../../lib/url';
import { categoryName, loadCategories } from '../../services/categories';
import { outbox } from '../../services/outbox';
import { Pressable } from '../../platform/Pressable';

const PAGE_SIZE = 20;

export default function MyReports() {
  const [items, setItems] = useState<ReportDto[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(0);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');
  const [pending, setPending] = useState<OutboxItem[]>(outbox.items());
  const [cats, setCats] = useState<CategoryDto[]>([]);

  useEffect(() => outbox.subscribe(setPending), []);
  useEffect(() => {
    void loadCategories().then(setCats);
    // 自动重试成功后刷新列表
    return outbox.onSent(() => void load(1));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const load = async (p: number) => {
    if (loading && p !== 1) return;
    setLoading(true);
    try {
      const res = await api.myReports(p, PAGE_SIZE);
      setItems((old) => (p === 1 ? res.items : [...old, ...res.items]));
      setTotal(res.total);
      setPage(p);
      setError('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
      Taro.stopPullDownRefresh();
    }
  };

  useDidShow(() => {
    setPending(outbox.items());
    void load(1);
  });
  usePullDownRefresh(() => {
    void outbox.flush(true);
    void load(1);
  });
  useReachBottom(() => {
    if (items.length < total) void load(page + 1);
  });

  const open = (id: number) => void Taro.navigateTo({ url: `/pkg-mine/detail/index?id=${id}` });

  return (
    <PageShell>
      {pending.map((o) => {
        const chip = outboxChip(o.state === 'blocked' ? 'blocked' : o.state === 'sending' ? 'sending' : 'pending');
        const first = o.draft.photos[0];
        return (
          <View className='list-item' key={o.draft.clientRequestId} data-testid='outbox-item'>
            <Image className='list-thumb' mode='aspectFill' src={first ? assetUrl(first.thumbUrl) || first.localPath : ''} nativeProps={{ alt: '待发送的照片' }} />
            <View className='list-main'>
              <View className='row between'>
                <Text className='list-title'>
                  {REPORT_KIND_LABELS[o.draft.kind]} · {o.draft.categoryCode ? categoryName(o.draft.categoryCode, cats) : ''}
                </Text>
                <StatusChip {...chip} />
              </View>
              <View className='muted'>{o.lastError ? o.lastError : '还没提交到服务器'}</View>
              <View className='row' style={{ gap: '8px', marginTop: '6px' }}>
                {o.state === 'blocked' ? (
                  <Button
                    className='btn btn-primary btn-small'
                    onClick={() =>
                      void Taro.navigateTo({
                        url: `/pkg-report/${o.draft.kind === 'pickup' ? 'pickup' : 'snap'}/index?crid=${o.draft.clientRequestId}`,
                      })
                    }
                  >
                    去修改
                  </Button>
                ) : (
                  <Button className='btn btn-ghost btn-small' onClick={() => void outbox.flush(true)}>
                    立即重试
                  </Button>
                )}
                <Button
                  className='btn btn-danger btn-small'
                  onClick={async () => {
                    const { confirm } = await Taro.showModal({ title: '删除这条草稿？', content: '删除后无法恢复。' });
                    if (confirm) outbox.remove(o.draft.clientRequestId);
                  }}
                >
                  删除
                </Button>
              </View>
            </View>
          </View>
        );
      })}

      {items.map((r) => {
        const chip = caseChip(r.status);
        const thumb = r.photos?.[0]?.thumbUrl;
        return (
          <Pressable
            className='list-item'
            key={r.id}
            onClick={() => open(r.id)}
            data-testid='report-item'
          >
            <Image className='list-thumb' mode='aspectFill' src={assetUrl(thumb)} nativeProps={{ alt: '上报的照片' }} />
            <View className='list-main'>
              <View className='row between'>
                <Text className='list-title'>{categoryName(r.categoryCode, cats)}</Text>
                <StatusChip {...chip} />
              </View>
              <View className='muted'>
                {REPORT_KIND_LABELS[r.kind] ?? ''} · {timeAgo(r.createdAt)}
              </View>
              {r.description ? <View className='muted small list-desc'>{r.description}</View> : null}
            </View>
          </Pressable>
        );
      })}

      {!loading && !error && items.length === 0 && pending.length === 0 ? (
        <View className='empty'>
          <View>还没有上报过问题</View>
          <Button className='btn btn-primary' style={{ marginTop: '16px' }} onClick={() => void Taro.redirectTo({ url: '/pkg-report/snap/index' })}>
            去随手拍
          </Button>
        </View>
      ) : null}
      {error ? (
        <View className='empty'>
          <View>{error}</View>
          <Button className='btn btn-ghost' style={{ marginTop: '12px' }} onClick={() => void load(1)}>
            重试
          </Button>
        </View>
      ) : null}
      {loading ? <View className='muted' style={{ textAlign: 'center' }}>加载中…</View> : null}
      {!loading && items.length > 0 && items.length >= total ? (
        <View className='muted small' style={{ textAlign: 'center' }}>
          共 {total} 条
        </View>
      ) : null}
    </PageShell>
  );
}
