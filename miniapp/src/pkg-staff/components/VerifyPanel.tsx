import { Button, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { errorMessage } from '../../api';
import { PhotoPicker } from '../../components/PhotoPicker';
import { useCameraPhotos } from './useCameraPhotos';

const MAX_PHOTOS = 3;

export interface VerifyPanelProps {
  /** 这次处置的证据未核实 */
  unverified: boolean;
  busy: boolean;
  /** 提交核查结论；photoIds 为空是案头核查。返回是否成功（失败时照片留着，已上传的不再重传） */
  onVerify: (passed: boolean, note: string | undefined, photoIds: number[]) => Promise<boolean> | void;
}

/**
 * 核查（docs/domain.md §14）：到现场用相机拍核查照片（带拍摄时间和位置，同处置照片一样核验），写结论。
 * 带照片是“现场核查”；不拍照片是“案头核查”。处置证据未核实时，没有照片就必须写明核查情况。
 */
export function VerifyPanel({ unverified, busy, onVerify }: VerifyPanelProps) {
  const [note, setNote] = useState('');
  const camera = useCameraPhotos(MAX_PHOTOS);
  const [uploading, setUploading] = useState(false);
  const dim = busy || uploading ? 'btn--disabled' : '';

  /** 上传还没上传的照片，返回全部照片 id；失败返回 null（已上传的保留 id） */
  const uploadAll = async (): Promise<number[] | null> => {
    try {
      return await camera.uploadAll();
    } catch (err) {
      void Taro.showToast({ title: `照片上传失败：${errorMessage(err)}`, icon: 'none' });
      return null;
    }
  };

  const submit = async (passed: boolean) => {
    if (busy || uploading) return;
    const text = note.trim();
    if (!passed && !text) return void Taro.showToast({ title: '请写明不通过的原因', icon: 'none' });
    if (passed && unverified && !text && !camera.photos.length)
      return void Taro.showToast({ title: '证据未核实，请拍核查照片或写明核查情况', icon: 'none' });
    setUploading(true);
    const ids = await uploadAll();
    setUploading(false);
    if (ids) await onVerify(passed, text || undefined, ids);
  };

  return (
    <View style={{ marginTop: '12px' }} data-testid="verify-panel">
      <View className="card-title">核查照片</View>
      <View className="muted small" style={{ marginBottom: '8px' }}>
        在现场用相机拍一张，记下拍摄时间和位置，和处置照片一样核验。不拍照片则记为“案头核查”。
      </View>
      <PhotoPicker
        testid="verify-photos"
        photos={camera.photos}
        progress={camera.progress}
        max={MAX_PHOTOS}
        addLabel="拍核查照片"
        onAdd={() => void camera.add()}
        onRemove={camera.remove}
        onRetry={() => undefined}
      />
      <View className="card-title" style={{ marginTop: '12px' }}>
        核查结论
      </View>
      <View className="muted small">
        对照处置前后的照片查看。{unverified ? '这次处置的证据未核实：请拍核查照片，或写明核查情况。' : ''}
      </View>
      <Textarea
        className="textarea"
        value={note}
        maxlength={500}
        placeholder={unverified ? '核查情况（没有核查照片时必填）' : '核查情况（选填；不通过时请写明原因）'}
        onInput={(e) => setNote(e.detail.value)}
        data-testid="verify-note"
      />
      <View className="row" style={{ gap: '10px', marginTop: '8px' }}>
        <Button className={`btn btn-primary ${dim}`} style={{ flex: 1 }} onClick={() => void submit(true)} data-testid="verify-pass">
          {uploading ? '正在上传…' : '通过，结案'}
        </Button>
        <Button className={`btn btn-danger ${dim}`} style={{ flex: 1 }} onClick={() => void submit(false)} data-testid="verify-fail">
          不通过，返工
        </Button>
      </View>
    </View>
  );
}
