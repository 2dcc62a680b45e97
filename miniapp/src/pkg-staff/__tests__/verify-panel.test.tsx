import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';

jest.mock('../../platform', () => jest.requireActual('../../../jest/mock-platform').platformModule);
import { mockPlatform } from '../../../jest/mock-platform';
const mockUpload = jest.fn();
jest.mock('../api', () => ({ staffApi: { uploadPhoto: (...args: unknown[]) => mockUpload(...args) } }));

import { VerifyPanel } from '../components/VerifyPanel';

describe('现场核查：核查照片', () => {
  beforeEach(() => {
    jest.clearAllMocks();
    mockUpload.mockImplementation(async (_path: string, _capture: unknown, onProgress: (p: number) => void) => {
      onProgress(50);
      return { id: 77, thumbUrl: '/t/77.jpg' };
    });
  });

  it('只能用相机拍，照片带拍摄时间和位置上传，通过时把照片 id 交给核查（证据未核实也不必再写说明）', async () => {
    const onVerify = jest.fn(async () => true);
    render(<VerifyPanel unverified busy={false} onVerify={onVerify} />);
    fireEvent.click(screen.getByText('拍核查照片'));
    await waitFor(() => expect(screen.getAllByTestId('photo-thumb')).toHaveLength(1));
    expect(mockPlatform.chooseImages).toHaveBeenCalledWith(3, ['camera']);
    fireEvent.click(screen.getByTestId('verify-pass'));
    await waitFor(() => expect(onVerify).toHaveBeenCalledWith(true, undefined, [77]));
    const [path, capture] = mockUpload.mock.calls[0];
    expect(path).toBe('wxfile://tmp/photo.jpg');
    expect(capture).toMatchObject({ source: 'camera', lat: 30.27452, lng: 120.15521, accuracyM: 9 });
    expect(typeof capture.at).toBe('string');
  });

  it('核查被拒（例如离现场太远）后再提交，不重复上传已上传的照片', async () => {
    const onVerify = jest.fn(async () => false);
    render(<VerifyPanel unverified={false} busy={false} onVerify={onVerify} />);
    fireEvent.click(screen.getByText('拍核查照片'));
    await waitFor(() => expect(screen.getAllByTestId('photo-thumb')).toHaveLength(1));
    fireEvent.click(screen.getByTestId('verify-pass'));
    await waitFor(() => expect(onVerify).toHaveBeenCalledTimes(1));
    fireEvent.click(screen.getByTestId('verify-pass'));
    await waitFor(() => expect(onVerify).toHaveBeenCalledTimes(2));
    expect(onVerify).toHaveBeenLastCalledWith(true, undefined, [77]);
    expect(mockUpload).toHaveBeenCalledTimes(1);
  });

  it('照片上传失败：提示，不提交核查', async () => {
    mockUpload.mockRejectedValueOnce(new Error('网络不可用'));
    const onVerify = jest.fn();
    render(<VerifyPanel unverified busy={false} onVerify={onVerify} />);
    fireEvent.click(screen.getByText('拍核查照片'));
    await waitFor(() => expect(screen.getAllByTestId('photo-thumb')).toHaveLength(1));
    fireEvent.click(screen.getByTestId('verify-pass'));
    await waitFor(() =>
      expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: expect.stringContaining('照片上传失败') })),
    );
    expect(onVerify).not.toHaveBeenCalled();
  });
});
