import type { ImageSource } from '../platform/types';

/**
 * 拍摄事实（docs/domain.md §14）：随照片一起上传的“拍的时候手机知道什么”。
 * 只写设备真正知道的：相册里的照片不知道在哪、何时拍的，只记来源；定位失败时不填位置
 * （从不拿演示点或案卷自己的坐标充数）。
 */
export interface CaptureFacts {
  source: ImageSource;
  /** 拍摄时间（ISO），只有相机现拍时才有 */
  at?: string;
  /** GCJ-02 */
  lat?: number;
  lng?: number;
  accuracyM?: number;
}

/** 作为 multipart 字段发送：capturedAt、lat、lng、accuracyM、source（未知的不发） */
export function captureFormData(c?: CaptureFacts): Record<string, string> {
  if (!c) return {};
  const out: Record<string, string> = { source: c.source };
  if (c.at) out.capturedAt = c.at;
  if (typeof c.lat === 'number' && typeof c.lng === 'number') {
    out.lat = c.lat.toFixed(6);
    out.lng = c.lng.toFixed(6);
    if (typeof c.accuracyM === 'number') out.accuracyM = String(Math.round(c.accuracyM));
  }
  return out;
}
