import { Button, Image, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import type { FollowedCaseDetailDto, FollowedCaseDto } from '@sansui/shared';
import { api, ApiError, errorMessage } from '../../api';
import { PageShell } from '../../components/PageShell';
import { StatusChip } from '../../components/StatusChip';
import { formatDateTime, newestFirst, timeAgo } from '../../lib/format';
import { caseChip } from '../../lib/status';
import { assetUrl } from '../../lib/url';
import { Pressable } from '../../platform/Pressable';

/**
 * 我点过“我也遇到”的问题：不带 caseId 是列表，带 caseId 是一个问题的进展（消息通知点进来就是这里）。
 * 关注的人看到和上报人一样的处理进度，但没有上报人自己的评价和“没有解决”。
 */
export default function Followed() {
  const { params } = useRouter();
  const caseId = params.caseId ? Number(params.caseId) : null;
  const [list, setList] = useState<FollowedCaseDto[] | null>(null);
  const [one, setOne] = useState<FollowedCaseDetailDto | null>(null);
  const [error, setError] = useState('');

  const load = async () => {
    try {
      if (caseId) setOne(await api.followed(caseId));
      else setList((await api.myFollowed()).items);
      setError('');
    } catch (err) {
      setError(err instanceof ApiError && err.status === 404 ? '没有找到这个问题' : errorMessage(err));
    } finally {
      Taro.stopPullDownRefresh();
    }
  };
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());

  if (error) {
    return (
      <PageShell>
        <View className="empty">
          <View>{error}</View>
          <Button className="btn btn-ghost" style={{ marginTop: '12px' }} onClick={() => void load()}>
            重试
          </Button>
        </View>
      </PageShell>
    );
  }

  if (caseId) {
    if (!one) return <PageShell>{<View className="muted">加载中…</View>}</PageShell>;
    return (
      <PageShell>
        <View className="card" data-testid="followed-case">
          <View className="row between">
            <View className="card-title">{one.categoryName}</View>
            <StatusChip {...caseChip(one.status)} />
          </View>
          <View className="status-line">{one.statusText}</View>
          <View className="small">地址：{one.address ?? '地址识别中'}</View>
          <View className="muted small">
            你在 {formatDateTime(one.followedAt)} 点了“我也遇到”，共 {one.meTooCount} 人也遇到
          </View>
          {one.departmentName ? <View className="muted">处理部门：{one.departmentName}</View> : null}
          {one.thumbUrl ? (
            <Image
              className="nearby-thumb"
              src={assetUrl(one.thumbUrl)}
              mode="aspectFill"
              aria-label="现场照片"
              nativeProps={{ alt: '现场照片' }}
            />
          ) : null}
        </View>
        <View className="card">
          <View className="card-title">处理进度</View>
          {one.timeline.length === 0 ? <View className="muted">已提交，等待受理</View> : null}
          {newestFirst(one.timeline).map((ev, i) => (
            <View key={ev.id} className={`timeline-item ${i === 0 ? 'timeline-item--latest' : ''}`} data-testid="timeline-item">
              <View className="timeline-dot" />
              <View>{ev.text}</View>
              {ev.note ? <View className="muted">{ev.note}</View> : null}
              <View className="muted small">{formatDateTime(ev.at)}</View>
            </View>
          ))}
        </View>
      </PageShell>
    );
  }

  return (
    <PageShell>
      {list === null ? <View className="muted">加载中…</View> : null}
      {list?.length === 0 ? (
        <View className="empty" data-testid="followed-empty">
          <View>还没有关注的问题</View>
          <View className="muted">上报时如果附近已有人反映，点“我也遇到”就会出现在这里</View>
        </View>
      ) : null}
      {(list ?? []).map((f) => (
        <Pressable
          key={f.caseId}
          className="list-item nearby-card"
          data-testid="followed-item"
          onClick={() => void Taro.navigateTo({ url: `/pkg-mine/followed/index?caseId=${f.caseId}` })}
        >
          {f.thumbUrl ? (
            <Image
              className="nearby-thumb"
              src={assetUrl(f.thumbUrl)}
              mode="aspectFill"
              aria-label={`${f.categoryName}的现场照片`}
              nativeProps={{ alt: `${f.categoryName}的现场照片` }}
            />
          ) : null}
          <View className="list-main">
            <View className="row between">
              <View className="list-title">{f.categoryName}</View>
              <StatusChip {...caseChip(f.status)} />
            </View>
            <View className="small">{f.address ?? '地址识别中'}</View>
            <View className="muted small">
              {timeAgo(f.updatedAt)}更新 · {f.meTooCount} 人也遇到
            </View>
          </View>
        </Pressable>
      ))}
    </PageShell>
  );
}
