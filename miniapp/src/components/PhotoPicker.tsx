import { Image, Text, View } from '@tarojs/components';
import type { DraftPhoto } from '../lib/outbox';
import { assetUrl } from '../lib/url';
import { Pressable } from '../platform/Pressable';

export interface PhotoProgress {
  /** 0–100；undefined 表示没有在上传 */
  percent?: number;
  error?: string;
}

interface Props {
  photos: DraftPhoto[];
  progress: Record<string, PhotoProgress>;
  max: number;
  addLabel: string;
  onAdd: () => void;
  onRemove: (index: number) => void;
  onRetry: (index: number) => void;
  testid?: string;
}

/** 照片格：选完立刻显示缩略图，每张单独显示上传进度，失败可点重试 */
export function PhotoPicker({ photos, progress, max, addLabel, onAdd, onRemove, onRetry, testid }: Props) {
  return (
    <View className="photos" data-testid={testid}>
      {photos.map((p, i) => {
        const st = progress[p.localPath] ?? {};
        const uploading = p.photoId === undefined && st.percent !== undefined && !st.error;
        return (
          <View className="photo" key={p.localPath} data-testid="photo-thumb" data-uploaded={p.photoId !== undefined ? '1' : '0'}>
            <Image
              className="photo-img"
              mode="aspectFill"
              src={p.photoId !== undefined && p.thumbUrl ? assetUrl(p.thumbUrl) : p.localPath}
              nativeProps={{ alt: '已选的照片' }}
            />
            {uploading ? (
              <>
                <View className="photo-progress" style={{ width: `${st.percent}%` }} />
                <Text className="photo-badge">{st.percent}%</Text>
              </>
            ) : null}
            {st.error && p.photoId === undefined ? (
              <Pressable as="text" className="photo-badge photo-badge--error" onClick={() => onRetry(i)}>
                上传失败，点我重试
              </Pressable>
            ) : null}
            <Pressable className="photo-remove" onClick={() => onRemove(i)} label={`删除第 ${i + 1} 张照片`} data-testid="photo-remove">
              ×
            </Pressable>
          </View>
        );
      })}
      {photos.length < max ? (
        <Pressable className="photo photo-add" onClick={onAdd} data-testid={testid ? `${testid}-add` : 'photo-add'}>
          <Text className="photo-add-icon" aria-hidden>
            ＋
          </Text>
          <Text>{addLabel}</Text>
        </Pressable>
      ) : null}
    </View>
  );
}
