import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { ChecklistItemDto, RoundSummaryDto } from '@sansui/shared';

jest.mock('../../platform', () => jest.requireActual('../../../jest/mock-platform').platformModule);
import { mockPlatform } from '../../../jest/mock-platform';

const mockStaffApi = {
  uploadPhoto: jest.fn(async () => ({ id: 55, thumbUrl: '/t/55' })),
  addFinding: jest.fn(async () => ({ id: 9, deduction: 4 })),
};
jest.mock('../api', () => ({
  get staffApi() {
    return mockStaffApi;
  },
}));

import { FindingForm } from '../components/FindingForm';

const rounds = [
  { id: 3, kind: 'covert', name: '12月第一次暗访', month: '2026-12', status: 'draft', inspectorUserIds: [] },
] as unknown as RoundSummaryDto[];
const items: ChecklistItemDto[] = [
  { code: 'R01', section: '道路清扫与垃圾收运', text: '路面有积存垃圾', deduction: 2, maxDeduction: 20, categoryCode: 'exposed_garbage' },
];

describe('检查记录', () => {
  beforeEach(() => jest.clearAllMocks());

  it('选条目、现拍、两处：位置用照片的拍摄位置，提交后显示扣分', async () => {
    mockPlatform.getLocation.mockResolvedValue({ lat: 30.27, lng: 120.15, accuracyM: 8, source: 'gps', coordSystem: 'gcj02' });
    render(<FindingForm rounds={rounds} items={items} />);
    fireEvent.click(screen.getByTestId('finding-item-R01'));
    fireEvent.click(screen.getByTestId('finding-photos-add'));
    await screen.findByTestId('photo-thumb');
    expect(mockPlatform.chooseImages).toHaveBeenCalledWith(6, ['camera']);
    fireEvent.click(screen.getByTestId('finding-more'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('finding-submit'));
    });
    await screen.findByTestId('finding-recorded');
    expect(mockStaffApi.uploadPhoto).toHaveBeenCalledWith(
      'wxfile://tmp/photo.jpg',
      expect.objectContaining({ source: 'camera', lat: 30.27, lng: 120.15 }),
      expect.any(Function),
    );
    expect(mockStaffApi.addFinding).toHaveBeenCalledWith(3, {
      itemCode: 'R01',
      location: { lat: 30.27, lng: 120.15 },
      photoIds: [55],
      count: 2,
    });
    expect(screen.getByText('路面有积存垃圾 · 扣 4 分')).toBeTruthy();
  });

  it('手机没给出拍摄位置：不提交，请检查人员打开定位', async () => {
    mockPlatform.getLocation.mockResolvedValue({ lat: 30.2741, lng: 120.1551, source: 'demo', coordSystem: 'gcj02' });
    render(<FindingForm rounds={rounds} items={items} />);
    fireEvent.click(screen.getByTestId('finding-item-R01'));
    fireEvent.click(screen.getByTestId('finding-photos-add'));
    await screen.findByTestId('photo-thumb');
    fireEvent.click(screen.getByTestId('finding-submit'));
    await waitFor(() =>
      expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '没拿到拍摄位置：请打开定位后重拍' })),
    );
    expect(mockStaffApi.addFinding).not.toHaveBeenCalled();
  });
});
