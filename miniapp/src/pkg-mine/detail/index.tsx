import { Button, Image, Text, Textarea, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import type { MyRewardDto, PhotoDto, ReportDetailDto } from '@sansui/shared';
import { REPORT_KIND_LABELS } from '@sansui/shared';
import { api, ApiError, errorMessage, showError } from '../../api';
import { PageShell } from '../../components/PageShell';
import { StatusChip } from '../../components/StatusChip';
import { formatDateTime, formatFen, newestFirst, timeAgo } from '../../lib/format';
import { caseChip, caseStatusText, rewardView } from '../../lib/status';
import { assetUrl } from '../../lib/url';
import { platform } from '../../platform';
import { capturePhotos } from '../../services/capture';
import { categoryName, loadCategories } from '../../services/categories';
import { Pressable } from '../../platform/Pressable';

export default function ReportDetail() {
  const { params } = useRouter();
  const id = Number(params.id);
  const [report, setReport] = useState<ReportDetailDto | null>(null);
  const [error, setError] = useState('');
  const [reward, setReward] = useState<MyRewardDto | null>(null);
  const [, setCatsLoaded] = useState(false);

  const load = async () => {
    // 这条上报挣到的红包（没有就不显示）；取不到不影响详情
    void api
      .myRewards()
      .then((list) => setReward(list.find((r) => r.reportId === id) ?? null))
      .catch(() => undefined);
    try {
      setReport(await api.report(id));
      setError('');
    } catch (err) {
      setError(err instanceof ApiError && err.status === 404 ? '没有找到这条上报' : errorMessage(err));
    } finally {
      Taro.stopPullDownRefresh();
    }
  };

  useDidShow(() => {
    void loadCategories().then(() => setCatsLoaded(true));
    void load();
  });
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
  if (!report) {
    return (
      <PageShell>
        <View className="muted" style={{ textAlign: 'center', marginTop: '40px' }}>
          加载中…
        </View>
      </PageShell>
    );
  }

  const chip = caseChip(report.status);
  const timeline = newestFirst(report.timeline ?? []);
  const resolution = [...(report.resolutionPhotos ?? [])];

  return (
    <PageShell>
      {params.fresh ? (
        <View className="card fresh-banner" data-testid="fresh-banner">
          提交成功！处理进展会显示在这里，办结后请告诉我们解决了没有。
        </View>
      ) : null}
      <View className="card">
        <View className="row between">
          <View className="card-title">{categoryName(report.categoryCode)}</View>
          <StatusChip {...chip} />
        </View>
        <View className="status-line" data-testid="status-text">
          {report.statusText || caseStatusText(report.status)}
        </View>
        <View className="muted">
          {REPORT_KIND_LABELS[report.kind]} · {formatDateTime(report.createdAt)}（{timeAgo(report.createdAt)}）
        </View>
        <View className="small" data-testid="report-address" style={{ marginTop: '4px' }}>
          地址：{report.address ?? '地址识别中，稍后显示'}
        </View>
        {report.departmentName ? <View className="muted">处理部门：{report.departmentName}</View> : null}
        {report.description ? <View style={{ marginTop: '8px' }}>{report.description}</View> : null}
        {report.contentCheck === 'pending' ? <View className="muted small">照片正在审核中</View> : null}
        <Photos title={report.kind === 'pickup' ? '清理前' : '照片'} photos={report.photos} />
        {report.kind === 'pickup' ? <Photos title="清理后" photos={report.afterPhotos} /> : null}
      </View>

      {reward ? <RewardCard reward={reward} /> : null}

      {resolution.length ? (
        <View className="card">
          <View className="card-title">处理后</View>
          <Photos photos={resolution} />
        </View>
      ) : null}

      <Feedback report={report} onDone={() => void load()} />

      <View className="card">
        <View className="card-title">处理进度</View>
        {timeline.length === 0 ? <View className="muted">暂无记录</View> : null}
        {timeline.map((ev, i) => (
          <View key={ev.id} className={`timeline-item ${i === 0 ? 'timeline-item--latest' : ''}`} data-testid="timeline-item">
            <View className="timeline-dot" />
            <View>{ev.text || caseStatusText(ev.toStatus ?? report.status)}</View>
            {ev.note ? <View className="muted">{ev.note}</View> : null}
            <View className="muted small">{formatDateTime(ev.at)}</View>
            {ev.photos?.length ? <Photos photos={ev.photos} /> : null}
          </View>
        ))}
      </View>
    </PageShell>
  );
}

/** 这条上报挣到的红包：多少、什么时候挣到的、现在怎样；点开去“我的红包”领取 */
function RewardCard({ reward }: { reward: MyRewardDto }) {
  const label = reward.statusLabel || rewardView(reward.status).label;
  return (
    <Pressable
      className="card reward-earned"
      data-testid="report-reward"
      role="link"
      onClick={() => void Taro.navigateTo({ url: '/pkg-mine/rewards/index' })}
    >
      <View className="row between">
        <View className="card-title">红包 {formatFen(reward.amountFen)}</View>
        <Text className="link">{label} ›</Text>
      </View>
      <View className="muted" data-testid="report-reward-earned">
        {formatDateTime(reward.createdAt)} 获得（{timeAgo(reward.createdAt)}）
      </View>
      {reward.paidAt ? (
        <View className="muted" data-testid="report-reward-paid">
          {formatDateTime(reward.paidAt)} 已存入微信零钱
        </View>
      ) : reward.hint ? (
        <View className="muted">{reward.hint}</View>
      ) : null}
    </Pressable>
  );
}

function Photos({ title, photos }: { title?: string; photos?: PhotoDto[] }) {
  const visible = (photos ?? []).filter((p) => !p.hidden && p.url);
  if (!visible.length) return null;
  const urls = visible.map((p) => assetUrl(p.url));
  return (
    <View style={{ marginTop: '10px' }}>
      {title ? <View className="muted small">{title}</View> : null}
      <View className="photos">
        {visible.map((p, i) => (
          <Pressable
            key={p.id}
            className="photo"
            label={`查看${title ?? '现场'}照片 ${i + 1}`}
            onClick={() => void Taro.previewImage({ urls, current: urls[i] })}
          >
            <Image
              className="photo-img"
              mode="aspectFill"
              src={assetUrl(p.thumbUrl || p.url)}
              nativeProps={{ alt: `${title ?? '现场'}照片 ${i + 1}` }}
            />
          </Pressable>
        ))}
      </View>
    </View>
  );
}

/** 办结后：“解决了吗？”满意 / 没有解决（带照片，申请重新处理） */
function Feedback({ report, onDone }: { report: ReportDetailDto; onDone: () => void }) {
  const [mode, setMode] = useState<'ask' | 'unsolved'>('ask');
  const [comment, setComment] = useState('');
  const [photo, setPhoto] = useState<{ path: string; id?: number } | null>(null);
  const [busy, setBusy] = useState(false);

  if (report.feedback) {
    return (
      <View className="card" data-testid="feedback-done">
        <View className="card-title">你的评价</View>
        <View>{report.feedback.satisfied ? '已解决，感谢你的反馈！' : '你反馈“没有解决”，工作人员会尽快核实，需要时重新安排处理。'}</View>
        {report.feedback.comment ? <View className="muted">{report.feedback.comment}</View> : null}
      </View>
    );
  }
  if (!report.canGiveFeedback) return null;

  const send = async (satisfied: boolean) => {
    if (busy) return;
    if (!satisfied && !photo?.id) {
      void Taro.showToast({ title: '请拍一张现场照片', icon: 'none' });
      return;
    }
    setBusy(true);
    try {
      await api.feedback(report.id, {
        satisfied,
        comment: comment.trim() || undefined,
        photoIds: !satisfied && photo?.id ? [photo.id] : undefined,
      });
      void Taro.showToast({ title: satisfied ? '感谢你的评价' : '已提交，我们会重新处理', icon: 'none' });
      onDone();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  const pickPhoto = async () => {
    if (!(await platform.privacy.ensure())) return;
    // 现在的样子：只能现拍
    const [img] = await capturePhotos(1, { cameraOnly: true });
    if (!img) return;
    setPhoto({ path: img.path });
    try {
      const up = await api.uploadPhoto(img.path, undefined, img.capture);
      setPhoto({ path: img.path, id: up.id });
    } catch (err) {
      setPhoto(null);
      showError(err);
    }
  };

  return (
    <View className="card" data-testid="feedback">
      <View className="card-title">问题解决了吗？</View>
      {mode === 'ask' ? (
        <View className="row" style={{ gap: '12px' }}>
          <Button
            className={`btn btn-primary ${busy ? 'btn--disabled' : ''}`}
            style={{ flex: 1 }}
            onClick={() => void send(true)}
            data-testid="feedback-yes"
          >
            解决了
          </Button>
          <Button className="btn btn-ghost" style={{ flex: 1 }} onClick={() => setMode('unsolved')} data-testid="feedback-no">
            没有解决
          </Button>
        </View>
      ) : (
        <View>
          <View className="muted">拍一张现在的照片，我们会请部门重新处理。</View>
          <View className="photos" style={{ margin: '8px 0' }}>
            {photo ? (
              <Image className="photo photo-img" mode="aspectFill" src={photo.path} nativeProps={{ alt: '现在的照片' }} />
            ) : (
              <Pressable className="photo photo-add" onClick={() => void pickPhoto()}>
                <Text className="photo-add-icon" aria-hidden>
                  ＋
                </Text>
                <Text>现场照片</Text>
              </Pressable>
            )}
          </View>
          <Textarea
            className="textarea"
            value={comment}
            maxlength={200}
            placeholder="还有什么问题？（选填）"
            onInput={(e) => setComment(e.detail.value)}
          />
          <View className="row" style={{ gap: '12px', marginTop: '8px' }}>
            <Button className="btn btn-ghost" style={{ flex: 1 }} onClick={() => setMode('ask')}>
              返回
            </Button>
            <Button
              className={`btn btn-primary ${busy || !photo?.id ? 'btn--disabled' : ''}`}
              style={{ flex: 1 }}
              onClick={() => void send(false)}
            >
              {photo && !photo.id ? '照片上传中…' : '提交'}
            </Button>
          </View>
        </View>
      )}
    </View>
  );
}
