import { Button, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { PhotoPicker } from '../../components/PhotoPicker';
import { distanceM } from '../../lib/geo';
import type { StaffCase } from '../api';
import { distanceText } from '../lib/queue';
import type { ResolveOutbox } from '../lib/resolve-outbox';
import { EvidencePanel } from './EvidencePanel';
import { useCameraPhotos } from './useCameraPhotos';

const MAX_PHOTOS = 6;
const MAX_NOTE = 500;
/** 服务端默认 RESOLVE_MAX_DISTANCE_M；只用来提前提醒，以服务端判断为准 */
const WARN_DISTANCE_M = 200;

interface Props {
  c: StaffCase;
  outbox: ResolveOutbox<StaffCase>;
  /** 提交后（成功或已存进发件箱）离开 */
  onDone: () => void;
}

/**
 * 处置完毕：现场用相机拍处置后照片（不能用相册），写说明，提交交给处置发件箱。
 * 照片在提交时上传，每张显示进度；网络不好时存在手机上自动重试；成功后显示服务端的取证结论。
 */
export function ResolveForm({ c, outbox, onDone }: Props) {
  const camera = useCameraPhotos(MAX_PHOTOS, () => outbox.get(c.id)?.job.photos ?? []);
  const { photos, setPercent } = camera;
  const [note, setNote] = useState(() => outbox.get(c.id)?.job.note ?? '');
  const [submitting, setSubmitting] = useState(false);
  const [result, setResult] = useState<StaffCase | null>(null);

  useEffect(
    () =>
      outbox.onProgress((caseId, path, percent) => {
        if (caseId === c.id) setPercent(path, percent);
      }),
    [c.id, outbox, setPercent],
  );

  const onSubmit = async () => {
    if (submitting) return;
    if (!photos.length) {
      void Taro.showToast({ title: '请在现场拍一张处置后的照片', icon: 'none' });
      return;
    }
    setSubmitting(true);
    try {
      const res = await outbox.submit({
        caseId: c.id,
        note: note.trim() || undefined,
        photos,
        expectedVersion: c.version,
        createdAt: Date.now(),
      });
      if (res.status === 'sent') {
        // 结果卡片本身就说明已提交，不再弹提示（免得挡住取证结论）
        setResult(res.result);
      } else if (res.status === 'queued') {
        await Taro.showModal({
          title: '已保存，稍后自动提交',
          content: '网络不太好，照片和说明已保存在手机上，网络恢复后会自动提交。',
          showCancel: false,
          confirmText: '好的',
        });
        onDone();
      } else {
        // 服务端拒绝（例如离现场太远、照片重复使用）：留在表单上，重新拍摄后再提交
        outbox.remove(c.id);
        camera.forgetUploads();
        await Taro.showModal({ title: '处置没有被接受', content: res.message, showCancel: false, confirmText: '知道了' });
      }
    } finally {
      setSubmitting(false);
    }
  };

  if (result) {
    return (
      <View className="card" data-testid="resolve-result">
        <View className="card-title">处置已提交，等待核查</View>
        {result.evidence ? <EvidencePanel evidence={result.evidence} /> : <View className="muted">服务端没有返回取证结论。</View>}
        <Button className="btn btn-primary btn-block" style={{ marginTop: '12px' }} onClick={onDone} data-testid="resolve-done">
          返回
        </Button>
      </View>
    );
  }

  const far = photos
    .map((p) =>
      p.capture && typeof p.capture.lat === 'number' ? distanceM({ lat: p.capture.lat, lng: p.capture.lng! }, c.location) : null,
    )
    .filter((d): d is number => d !== null);
  const nearest = far.length ? Math.min(...far) : null;
  const noLocation = photos.length > 0 && far.length === 0;

  return (
    <View className="has-submit-bar">
      <View className="card">
        <View className="card-title">
          处置后照片 <Text className="muted">（现场拍摄）</Text>
        </View>
        <View className="muted small" style={{ marginBottom: '8px' }}>
          只能用相机现拍，照片会记下拍摄时间和位置，用来核实处置是否在现场完成。
        </View>
        <PhotoPicker
          testid="after-photos"
          photos={photos}
          progress={camera.progress}
          max={MAX_PHOTOS}
          addLabel="拍处置后"
          onAdd={() => void camera.add()}
          onRemove={camera.remove}
          onRetry={() => void onSubmit()}
        />
        {nearest !== null ? (
          <View
            className={nearest > WARN_DISTANCE_M ? 'error-text' : 'muted small'}
            data-testid="capture-distance"
            style={{ marginTop: '6px' }}
          >
            拍摄位置离案卷{distanceText(nearest)}
            {nearest > WARN_DISTANCE_M ? `，超过 ${WARN_DISTANCE_M} 米，请到现场拍摄` : ''}
          </View>
        ) : null}
        {noLocation ? (
          <View className="muted small" style={{ marginTop: '6px' }}>
            没拿到拍摄位置（定位未开启），处置会记为“证据未核实”。
          </View>
        ) : null}
      </View>
      <View className="card">
        <View className="card-title">
          处置说明 <Text className="muted">（选填）</Text>
        </View>
        <Textarea
          className="textarea"
          value={note}
          maxlength={MAX_NOTE}
          placeholder="例如：已清运，地面已冲洗"
          onInput={(e) => setNote(e.detail.value.slice(0, MAX_NOTE))}
          data-testid="resolve-note"
        />
      </View>
      <View className="submit-bar">
        <Button
          className={`btn btn-primary btn-block ${submitting || !photos.length ? 'btn--disabled' : ''}`}
          onClick={() => void onSubmit()}
          data-testid="resolve-submit"
        >
          {submitting ? '正在提交…' : '提交处置'}
        </Button>
      </View>
    </View>
  );
}
