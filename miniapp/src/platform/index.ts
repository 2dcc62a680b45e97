import type { Platform } from './types';

export type { Platform, LocalImage, ImageSource, MapTarget, DeviceLocation, TransferOutcome, UploadRequest, UploadResult } from './types';
export { DEMO_CENTER, PRIVACY_AGREE_BUTTON_ID } from './types';

/**
 * 按构建目标选择实现。process.env.TARO_ENV 在构建时被替换成常量，
 * webpack 会删掉没用到的分支，所以小程序包里没有 H5 代码，反之亦然。
 */
export const platform: Platform =
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a static import would put both platforms in each bundle
  process.env.TARO_ENV === 'weapp' ? (require('./weapp').weappPlatform as Platform) : (require('./h5').h5Platform as Platform);
