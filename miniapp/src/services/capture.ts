import Taro from '@tarojs/taro';
import type { CaptureFacts } from '../lib/capture';
import { platform, type ImageSource, type LocalImage } from '../platform';

export type { CaptureFacts } from '../lib/capture';

export interface CapturedImage extends LocalImage {
  capture?: CaptureFacts;
}

/** 问居民用相机还是相册；取消返回 null */
async function askSource(): Promise<ImageSource | null> {
  try {
    const { tapIndex } = await Taro.showActionSheet({ itemList: ['拍照', '从相册选择'] });
    return tapIndex === 0 ? 'camera' : 'album';
  } catch {
    return null;
  }
}

/**
 * 选照片并记下拍摄事实。
 * cameraOnly：取证照片（处置后、核查、随手捡），只能现拍；否则先让用户选“拍照 / 从相册选择”，
 * 这样才知道每张照片的来源（微信的 chooseMedia 不告诉我们）。
 */
export async function capturePhotos(count: number, opts: { cameraOnly?: boolean } = {}): Promise<CapturedImage[]> {
  if (count <= 0) return [];
  const source = opts.cameraOnly ? 'camera' : await askSource();
  if (!source) return [];
  const images = await platform.chooseImages(count, [source]);
  if (images.length === 0) return [];
  if (source === 'album') return images.map((img) => ({ ...img, capture: { source: 'album' } }));
  const at = new Date().toISOString();
  const where = await platform.getLocation().catch(() => null);
  const located =
    where && where.source === 'gps'
      ? { lat: where.lat, lng: where.lng, ...(where.accuracyM !== undefined ? { accuracyM: where.accuracyM } : {}) }
      : {};
  return images.map((img) => ({ ...img, capture: { source: 'camera', at, ...located } }));
}
