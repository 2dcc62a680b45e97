/**
 * 平台层（src/platform）的共用替身。用法（jest.mock 会被提到 import 之前，所以工厂里用 requireActual）：
 *
 *   jest.mock('../../platform', () => jest.requireActual('../../../jest/mock-platform').platformModule);
 *   import { mockPlatform } from '../../../jest/mock-platform';
 *
 * 每个测试文件有自己的模块表，所以在一个文件里改的实现（mockResolvedValue 等）不会带到别的文件。
 */
export { DEMO_CENTER, PRIVACY_AGREE_BUTTON_ID } from '../src/platform/types';
import { DEMO_CENTER, PRIVACY_AGREE_BUTTON_ID, type DeviceLocation, type ImageSource, type LocalImage } from '../src/platform/types';

/** 默认：已同意隐私协议，定位在演示城区内（GPS），拍照得到一张 wxfile://tmp/photo.jpg。 */
export const mockPlatform = {
  name: 'weapp',
  privacy: { ensure: jest.fn(async () => true), onRequest: jest.fn(() => () => undefined), agree: jest.fn(), decline: jest.fn() },
  getLocation: jest.fn(async (): Promise<DeviceLocation> => ({
    lat: 30.27452,
    lng: 120.15521,
    accuracyM: 9,
    source: 'gps',
    coordSystem: 'gcj02',
  })),
  chooseImages: jest.fn(async (_n: number, sources: ImageSource[]): Promise<LocalImage[]> => [
    { path: 'wxfile://tmp/photo.jpg', size: 1000, source: sources[0] },
  ]),
  requestSubscribe: jest.fn(async (): Promise<Record<string, string>> => ({})),
  requestMerchantTransfer: jest.fn(),
  onOnline: jest.fn(() => () => undefined),
};

/** 替代 src/platform 整个模块的导出。 */
export const platformModule = {
  get platform() {
    return mockPlatform;
  },
  PRIVACY_AGREE_BUTTON_ID,
  DEMO_CENTER,
};
