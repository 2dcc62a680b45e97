import Taro from '@tarojs/taro';
import { captureFormData } from '../../lib/capture';

jest.mock('../../platform', () => jest.requireActual('../../../jest/mock-platform').platformModule);
import { mockPlatform } from '../../../jest/mock-platform';

import { capturePhotos } from '../capture';

describe('拍摄事实', () => {
  beforeEach(() => jest.clearAllMocks());

  it('现拍：记下拍摄时间、GCJ-02 位置和精度，来源 camera', async () => {
    mockPlatform.getLocation.mockResolvedValue({ lat: 30.1, lng: 120.2, accuracyM: 15, source: 'gps', coordSystem: 'gcj02' });
    (Taro.showActionSheet as jest.Mock).mockResolvedValueOnce({ tapIndex: 0 });
    const [img] = await capturePhotos(3);
    expect(mockPlatform.chooseImages).toHaveBeenCalledWith(3, ['camera']);
    expect(img.capture).toEqual({ source: 'camera', at: expect.any(String), lat: 30.1, lng: 120.2, accuracyM: 15 });
    expect(Date.now() - Date.parse(img.capture!.at!)).toBeLessThan(60_000);
  });

  it('从相册选：只记来源，不拿现在的位置和时间冒充拍摄时的', async () => {
    (Taro.showActionSheet as jest.Mock).mockResolvedValueOnce({ tapIndex: 1 });
    const [img] = await capturePhotos(2);
    expect(mockPlatform.chooseImages).toHaveBeenCalledWith(2, ['album']);
    expect(img.capture).toEqual({ source: 'album' });
    expect(mockPlatform.getLocation).not.toHaveBeenCalled();
  });

  it('定位不可用（演示点）时不填位置', async () => {
    mockPlatform.getLocation.mockResolvedValue({ lat: 30.2741, lng: 120.1551, source: 'demo', coordSystem: 'gcj02' });
    const [img] = await capturePhotos(1, { cameraOnly: true });
    expect(Taro.showActionSheet).not.toHaveBeenCalled();
    expect(img.capture).toEqual({ source: 'camera', at: expect.any(String) });
  });

  it('取消选择来源：什么也不选', async () => {
    (Taro.showActionSheet as jest.Mock).mockRejectedValueOnce({ errMsg: 'showActionSheet:fail cancel' });
    expect(await capturePhotos(1)).toEqual([]);
    expect(mockPlatform.chooseImages).not.toHaveBeenCalled();
  });

  it('multipart 字段：未知的不发', () => {
    expect(captureFormData({ source: 'camera', at: '2026-12-05T08:00:00.000Z', lat: 30.123456789, lng: 120.5, accuracyM: 14.6 })).toEqual({
      source: 'camera',
      capturedAt: '2026-12-05T08:00:00.000Z',
      lat: '30.123457',
      lng: '120.500000',
      accuracyM: '15',
    });
    expect(captureFormData({ source: 'album' })).toEqual({ source: 'album' });
    expect(captureFormData(undefined)).toEqual({});
  });
});
