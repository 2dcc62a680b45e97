import { Button, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { errorMessage } from '../../api';
import { PhotoPicker } from '../../components/PhotoPicker';
import { staffApi } from '../api';
import { useCameraPhotos } from './useCameraPhotos';

const MAX_PHOTOS = 9;
const MAX_TEXT = 1000;

/**
 * 整改回复（docs/domain.md §16）：写整改情况，用相机拍整改后照片，提交给爱卫办。
 * 照片先逐张上传（失败的保留，已上传的不重传），全部上传后再提交回复。
 */
export function SupervisionReplyForm({ noticeId, onReplied }: { noticeId: number; onReplied: () => void }) {
  const [text, setText] = useState('');
  const camera = useCameraPhotos(MAX_PHOTOS);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const uploadAll = async (): Promise<number[] | null> => {
    try {
      return await camera.uploadAll();
    } catch (err) {
      setError(`照片上传失败：${errorMessage(err)}`);
      return null;
    }
  };

  const submit = async () => {
    if (busy) return;
    const typed = text.trim();
    if (!typed) return setError('请填写整改情况');
    setBusy(true);
    setError('');
    try {
      const photoIds = await uploadAll();
      if (!photoIds) return;
      await staffApi.replySupervision(noticeId, { text: typed, photoIds });
      setText('');
      camera.clear();
      void Taro.showToast({ title: '整改回复已提交', icon: 'success' });
      onReplied();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="card" data-testid="supervision-reply-form">
      <View className="card-title">填写整改回复</View>
      <Textarea
        className="textarea"
        value={text}
        maxlength={MAX_TEXT}
        placeholder="整改情况：做了什么、什么时候完成、怎样防止再出现"
        onInput={(e) => setText(e.detail.value)}
        data-testid="supervision-reply-text"
      />
      <View className="muted small" style={{ margin: '8px 0' }}>
        整改后照片（用相机现场拍，最多 {MAX_PHOTOS} 张）
      </View>
      <PhotoPicker
        testid="supervision-photos"
        photos={camera.photos}
        progress={camera.progress}
        max={MAX_PHOTOS}
        addLabel="拍整改后照片"
        onAdd={() => void camera.add()}
        onRemove={camera.remove}
        onRetry={() => void submit()}
      />
      {error ? (
        <View className="error-text" data-testid="supervision-reply-error">
          {error}
        </View>
      ) : null}
      <Button
        className={`btn btn-primary btn-block ${busy ? 'btn--disabled' : ''}`}
        style={{ marginTop: '8px' }}
        onClick={() => void submit()}
        data-testid="supervision-reply-submit"
      >
        {busy ? '正在提交…' : '提交整改回复'}
      </Button>
    </View>
  );
}
