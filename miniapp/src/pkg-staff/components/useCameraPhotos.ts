import Taro from '@tarojs/taro';
import { useCallback, useRef, useState } from 'react';
import { errorMessage } from '../../api';
import type { PhotoProgress } from '../../components/PhotoPicker';
import type { DraftPhoto } from '../../lib/outbox';
import { capturePhotos } from '../../services/capture';
import { staffApi } from '../api';

export interface CameraPhotos {
  photos: DraftPhoto[];
  /** 每张照片的上传进度，按本地路径 */
  progress: Record<string, PhotoProgress>;
  /** 用相机拍照加入（不能用相册）；同一张不重复加入，最多 max 张；拍照失败时提示 */
  add: () => Promise<void>;
  remove: (index: number) => void;
  /**
   * 逐张上传还没上传的照片（每张显示进度），返回全部照片 id（按显示顺序）。
   * 某张失败时抛出该错误：已上传的照片保留 id，下次不再重传。
   */
  uploadAll: () => Promise<number[]>;
  /** 记下一张照片的上传进度（由别处上传时，例如处置发件箱） */
  setPercent: (localPath: string, percent: number) => void;
  /** 提交成功后清空 */
  clear: () => void;
  /** 服务端不接受这批照片时：照片留在表单上，但都要重新上传 */
  forgetUploads: () => void;
}

/**
 * 工作人员现场拍照的表单共用的照片处理（整改回复、核查、处置、检查发现）：只用相机拍，跳过重复的，
 * 提交时逐张上传并显示进度，失败时已上传的照片不再重传。
 */
export function useCameraPhotos(max: number, initial: () => DraftPhoto[] = () => []): CameraPhotos {
  const [photos, setPhotosState] = useState<DraftPhoto[]>(initial);
  const [progress, setProgress] = useState<Record<string, PhotoProgress>>({});
  // The latest list, for work that outlives a render: the camera's answer and the upload loop.
  const photosRef = useRef(photos);

  const setPhotos = useCallback((next: (old: DraftPhoto[]) => DraftPhoto[]) => {
    photosRef.current = next(photosRef.current);
    setPhotosState(photosRef.current);
  }, []);

  const setPercent = useCallback((localPath: string, percent: number) => {
    setProgress((old) => ({ ...old, [localPath]: { percent: Math.min(99, percent) } }));
  }, []);

  const add = useCallback(async () => {
    try {
      const images = await capturePhotos(max - photosRef.current.length, { cameraOnly: true });
      setPhotos((old) => {
        const fresh = images.filter((img) => !old.some((p) => p.localPath === img.path));
        return [...old, ...fresh.map((img) => ({ localPath: img.path, capture: img.capture }))].slice(0, max);
      });
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' });
    }
  }, [max, setPhotos]);

  const remove = useCallback((index: number) => setPhotos((old) => old.filter((_, j) => j !== index)), [setPhotos]);

  const uploadAll = useCallback(async (): Promise<number[]> => {
    const ids: number[] = [];
    for (const p of [...photosRef.current]) {
      if (p.photoId !== undefined) {
        ids.push(p.photoId);
        continue;
      }
      const up = await staffApi.uploadPhoto(p.localPath, p.capture, (percent) => setPercent(p.localPath, percent));
      setPhotos((old) => old.map((q) => (q.localPath === p.localPath ? { ...q, photoId: up.id, thumbUrl: up.thumbUrl } : q)));
      ids.push(up.id);
    }
    return ids;
  }, [setPercent, setPhotos]);

  const clear = useCallback(() => {
    setPhotos(() => []);
    setProgress({});
  }, [setPhotos]);

  const forgetUploads = useCallback(() => {
    setPhotos((old) => old.map((p) => ({ ...p, photoId: undefined, thumbUrl: undefined })));
    setProgress({});
  }, [setPhotos]);

  return { photos, progress, add, remove, uploadAll, setPercent, clear, forgetUploads };
}
