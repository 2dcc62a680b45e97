import { MIN_TRANSFER_FEN } from '@sansui/shared';

export interface SceneAmountProblem {
  field: string;
  amountFen: number;
}

/**
 * Every amount a campaign configures (per-category amounts, the merged-duplicate amount) must be one
 * WeChat Pay's 现金营销 scene accepts per transfer: at least 0.10 yuan and at most the merchant's single
 * limit for the scene (200 yuan by default). 0 means "no reward" and is allowed.
 */
export function sceneAmountProblems(
  campaign: { categoryAmounts?: Record<string, number> | null; mergedDuplicateFen?: number | null },
  maxFen: number,
): SceneAmountProblem[] {
  const amounts: SceneAmountProblem[] = [
    ...Object.entries(campaign.categoryAmounts ?? {}).map(([code, amountFen]) => ({ field: `categoryAmounts.${code}`, amountFen })),
    ...(campaign.mergedDuplicateFen ? [{ field: 'mergedDuplicateFen', amountFen: campaign.mergedDuplicateFen }] : []),
  ];
  return amounts.filter(
    (a) => !Number.isInteger(a.amountFen) || (a.amountFen !== 0 && (a.amountFen < MIN_TRANSFER_FEN || a.amountFen > maxFen)),
  );
}
