import type { EntityManager } from 'typeorm';
import { Campaign } from './campaign.entity';

/** Demo data step 45 (before the demo reports, whose accepts then earn rewards): one running campaign with a budget of ¥5,000 (≈ the seed district's yearly payout). */
export async function seedDemoCampaign(em: EntityManager): Promise<void> {
  const repo = em.getRepository(Campaign);
  if (await repo.exist({ where: { name: '三随随手拍红包（演示）' } })) return;
  const now = Date.now();
  await repo.save(
    repo.create({
      name: '三随随手拍红包（演示）',
      startsAt: new Date(now - 30 * 86_400_000),
      endsAt: new Date(now + 365 * 86_400_000),
      budgetFen: 500_000,
      reservedFen: 0,
      dailyCountCap: 5,
      dailyAmountCapFen: 2_000,
      monthlyCountCap: 30,
      monthlyAmountCapFen: 10_000,
      categoryAmounts: null,
      snapTrigger: 'accepted',
      mergedDuplicateFen: 0,
      approvalThresholdFen: 10_000,
      active: true,
    }),
  );
}
