import { type CampaignRules, decideEligibility, type EligibilityInput } from './eligibility';

const campaign: CampaignRules = {
  active: true,
  startsAt: new Date('2026-01-01T00:00:00Z'),
  endsAt: new Date('2026-12-31T00:00:00Z'),
  budgetFen: 10_000,
  reservedFen: 0,
  dailyCountCap: 3,
  dailyAmountCapFen: 500,
  monthlyCountCap: 10,
  monthlyAmountCapFen: 2_000,
  categoryAmounts: { exposed_garbage: 300 },
  mergedDuplicateFen: 0,
};

const base: EligibilityInput = {
  basis: 'primary',
  reporter: { kind: 'resident', roles: ['resident'], departmentId: null, deleted: false },
  caseDepartmentId: 7,
  categoryCode: 'littering',
  categoryRewardFen: 200,
  campaign,
  at: new Date('2026-06-01T04:00:00Z'),
  usage: { dayCount: 0, dayFen: 0, monthCount: 0, monthFen: 0 },
  alreadyRewarded: false,
};

type Case = [string, Partial<EligibilityInput> & { campaignPatch?: Partial<CampaignRules> }, string | number];

describe('decideEligibility (docs/domain.md §8)', () => {
  const cases: Case[] = [
    ['first valid report earns the category amount', {}, 200],
    ['campaign override of the category amount', { categoryCode: 'exposed_garbage' }, 300],
    ['merged duplicate earns nothing by default', { basis: 'duplicate' }, 'NO_AMOUNT'],
    ['merged duplicate earns the configured amount', { basis: 'duplicate', campaignPatch: { mergedDuplicateFen: 50 } }, 50],
    ['second reward for the same report', { alreadyRewarded: true }, 'ALREADY_REWARDED'],
    ['staff earn nothing', { reporter: { kind: 'staff', roles: ['dispatcher'], departmentId: null, deleted: false } }, 'STAFF'],
    ['inspectors earn nothing', { reporter: { kind: 'staff', roles: ['inspector'], departmentId: 3, deleted: false } }, 'INSPECTOR'],
    [
      'reporter of the handling department',
      { reporter: { kind: 'resident', roles: ['resident'], departmentId: 7, deleted: false } },
      'OWN_DEPARTMENT',
    ],
    ['reporter linked by phone to the handling department', { reporterDepartmentIds: [7] }, 'OWN_DEPARTMENT'],
    ['deleted account', { reporter: { kind: 'resident', roles: ['resident'], departmentId: null, deleted: true } }, 'ACCOUNT_DELETED'],
    ['campaign inactive', { campaignPatch: { active: false } }, 'CAMPAIGN_INACTIVE'],
    ['before the campaign starts', { at: new Date('2025-12-31T00:00:00Z') }, 'CAMPAIGN_INACTIVE'],
    ['after the campaign ends', { at: new Date('2027-01-01T00:00:00Z') }, 'CAMPAIGN_INACTIVE'],
    ['daily count cap reached', { usage: { dayCount: 3, dayFen: 300, monthCount: 3, monthFen: 300 } }, 'DAILY_COUNT_CAP'],
    ['daily amount cap would be passed', { usage: { dayCount: 2, dayFen: 400, monthCount: 2, monthFen: 400 } }, 'DAILY_AMOUNT_CAP'],
    ['daily amount cap exactly met is fine', { usage: { dayCount: 2, dayFen: 300, monthCount: 2, monthFen: 300 } }, 200],
    ['monthly count cap', { usage: { dayCount: 0, dayFen: 0, monthCount: 10, monthFen: 1000 } }, 'MONTHLY_COUNT_CAP'],
    ['monthly amount cap', { usage: { dayCount: 0, dayFen: 0, monthCount: 5, monthFen: 1_900 } }, 'MONTHLY_AMOUNT_CAP'],
    ['budget left smaller than the amount', { campaignPatch: { reservedFen: 9_900 } }, 'BUDGET_EXHAUSTED'],
    ['budget left exactly the amount', { campaignPatch: { reservedFen: 9_800 } }, 200],
    ['amount below WeChat minimum of 10 fen', { categoryRewardFen: 5 }, 'AMOUNT_BELOW_MINIMUM'],
    [
      'no caps configured',
      {
        campaignPatch: { dailyCountCap: null, dailyAmountCapFen: null },
        usage: { dayCount: 99, dayFen: 9999, monthCount: 0, monthFen: 0 },
      },
      200,
    ],
  ];
  it.each(cases)('%s', (_name, patch, expected) => {
    const { campaignPatch, ...rest } = patch;
    const result = decideEligibility({ ...base, ...rest, campaign: { ...campaign, ...campaignPatch } });
    if (typeof expected === 'number') expect(result).toEqual({ granted: true, amountFen: expected });
    else expect(result).toMatchObject({ granted: false, reason: expected });
  });
});

describe('eligibility at the edges', () => {
  const decide = (patch: Partial<EligibilityInput>, campaignPatch: Partial<CampaignRules> = {}) =>
    decideEligibility({ ...base, ...patch, campaign: { ...campaign, ...campaignPatch } });

  it('the campaign runs from its first to its last instant, both included', () => {
    expect(decide({ at: campaign.startsAt })).toEqual({ granted: true, amountFen: 200 });
    expect(decide({ at: campaign.endsAt })).toEqual({ granted: true, amountFen: 200 });
    expect(decide({ at: new Date(campaign.endsAt.getTime() + 1) })).toMatchObject({ reason: 'CAMPAIGN_INACTIVE' });
  });

  it('a campaign without category overrides pays the category amount', () => {
    expect(decide({ categoryCode: 'exposed_garbage' }, { categoryAmounts: null })).toEqual({ granted: true, amountFen: 200 });
  });

  it('an unassigned case is nobody’s own department', () => {
    expect(decide({ caseDepartmentId: null })).toEqual({ granted: true, amountFen: 200 });
    expect(decide({ caseDepartmentId: null, reporterDepartmentIds: [3] })).toEqual({ granted: true, amountFen: 200 });
  });

  it('exactly the WeChat minimum is paid', () => {
    expect(decide({ categoryRewardFen: 10 })).toEqual({ granted: true, amountFen: 10 });
  });

  it('monthly caps: reaching them exactly is fine, passing them is not; no cap means none', () => {
    expect(decide({ usage: { dayCount: 0, dayFen: 0, monthCount: 9, monthFen: 0 } })).toEqual({ granted: true, amountFen: 200 });
    expect(decide({ usage: { dayCount: 0, dayFen: 0, monthCount: 0, monthFen: 1_800 } })).toEqual({ granted: true, amountFen: 200 });
    expect(decide({ usage: { dayCount: 0, dayFen: 0, monthCount: 0, monthFen: 1_801 } })).toMatchObject({ reason: 'MONTHLY_AMOUNT_CAP' });
    expect(
      decide(
        { usage: { dayCount: 0, dayFen: 0, monthCount: 500, monthFen: 90_000 } },
        { monthlyCountCap: null, monthlyAmountCapFen: null },
      ),
    ).toEqual({ granted: true, amountFen: 200 });
  });
});
