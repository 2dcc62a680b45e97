import { MIN_TRANSFER_FEN, type Role } from '@sansui/shared';

/** The campaign fields eligibility needs (a Campaign row fits). */
export interface CampaignRules {
  active: boolean;
  startsAt: Date;
  endsAt: Date;
  budgetFen: number;
  reservedFen: number;
  dailyCountCap: number | null;
  dailyAmountCapFen: number | null;
  monthlyCountCap: number | null;
  monthlyAmountCapFen: number | null;
  categoryAmounts: Record<string, number> | null;
  mergedDuplicateFen: number;
}

export interface EligibilityInput {
  /** primary = the report that opened the case; duplicate = a report merged into it. */
  basis: 'primary' | 'duplicate';
  reporter: { kind: 'resident' | 'staff'; roles: readonly Role[]; departmentId: number | null; deleted: boolean };
  caseDepartmentId: number | null;
  /** Department ids of the reporter's own staff links (e.g. a resident account with a staff twin by phone). */
  reporterDepartmentIds?: number[];
  categoryCode: string;
  categoryRewardFen: number;
  campaign: CampaignRules;
  at: Date;
  /** The reporter's rewards in this campaign (not cancelled) so far today / this month (China time). */
  usage: { dayCount: number; dayFen: number; monthCount: number; monthFen: number };
  /** A reward for this report exists already. */
  alreadyRewarded: boolean;
}

export type IneligibleReason =
  | 'ALREADY_REWARDED'
  | 'CAMPAIGN_INACTIVE'
  | 'STAFF'
  | 'INSPECTOR'
  | 'ACCOUNT_DELETED'
  | 'OWN_DEPARTMENT'
  | 'NO_AMOUNT'
  | 'AMOUNT_BELOW_MINIMUM'
  | 'DAILY_COUNT_CAP'
  | 'DAILY_AMOUNT_CAP'
  | 'MONTHLY_COUNT_CAP'
  | 'MONTHLY_AMOUNT_CAP'
  | 'BUDGET_EXHAUSTED';

export type EligibilityResult = { granted: true; amountFen: number } | { granted: false; reason: IneligibleReason; amountFen: number };

/** The amount a report would earn under the campaign (before caps and budget). */
export function rewardAmount(input: Pick<EligibilityInput, 'basis' | 'categoryCode' | 'categoryRewardFen' | 'campaign'>): number {
  if (input.basis === 'duplicate') return input.campaign.mergedDuplicateFen;
  const override = input.campaign.categoryAmounts?.[input.categoryCode];
  return Number.isInteger(override) ? (override as number) : input.categoryRewardFen;
}

/** docs/domain.md §8 eligibility, in the order the reasons are reported. Pure: all facts come in `input`. */
export function decideEligibility(input: EligibilityInput): EligibilityResult {
  const amountFen = rewardAmount(input);
  const no = (reason: IneligibleReason): EligibilityResult => ({ granted: false, reason, amountFen });
  const c = input.campaign;
  if (input.alreadyRewarded) return no('ALREADY_REWARDED');
  if (!c.active || input.at < c.startsAt || input.at > c.endsAt) return no('CAMPAIGN_INACTIVE');
  if (input.reporter.deleted) return no('ACCOUNT_DELETED');
  if (input.reporter.roles.includes('inspector')) return no('INSPECTOR');
  if (input.reporter.kind === 'staff') return no('STAFF');
  const ownDepartments: (number | null)[] = [input.reporter.departmentId, ...(input.reporterDepartmentIds ?? [])].filter((d) => d !== null);
  if (ownDepartments.includes(input.caseDepartmentId)) return no('OWN_DEPARTMENT');
  if (amountFen <= 0) return no('NO_AMOUNT');
  if (amountFen < MIN_TRANSFER_FEN) return no('AMOUNT_BELOW_MINIMUM');
  const u = input.usage;
  if (c.dailyCountCap !== null && u.dayCount + 1 > c.dailyCountCap) return no('DAILY_COUNT_CAP');
  if (c.dailyAmountCapFen !== null && u.dayFen + amountFen > c.dailyAmountCapFen) return no('DAILY_AMOUNT_CAP');
  if (c.monthlyCountCap !== null && u.monthCount + 1 > c.monthlyCountCap) return no('MONTHLY_COUNT_CAP');
  if (c.monthlyAmountCapFen !== null && u.monthFen + amountFen > c.monthlyAmountCapFen) return no('MONTHLY_AMOUNT_CAP');
  if (c.budgetFen - c.reservedFen < amountFen) return no('BUDGET_EXHAUSTED');
  return { granted: true, amountFen };
}
