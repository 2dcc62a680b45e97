import { describe, expect, it } from 'vitest';
import { campaignLine } from './StatsPages';

describe('campaign board', () => {
  it('names the running campaign with its Beijing-time dates', () => {
    expect(
      campaignLine({
        id: 1,
        name: '三随随手拍红包',
        startsAt: '2026-10-24T13:14:00.000Z',
        endsAt: '2027-11-23T16:30:00.000Z',
        snapTrigger: 'accepted',
        dailyCountCap: 5,
      }),
    ).toBe('当前活动：三随随手拍红包（2026-10-24 至 2027-11-24）');
  });
  it('says so when no campaign is running', () => {
    expect(campaignLine(null)).toBe('当前没有进行中的活动');
  });
});
