import type { RoundSummaryDto, UserDto } from '@sansui/shared';

/** 能在手机上记录检查发现的轮次：检查中（未发布），调度员都可以，巡查员只限被安排到的轮次（docs/domain.md §16） */
export function recordableRounds(rounds: readonly RoundSummaryDto[], user: Pick<UserDto, 'id' | 'roles'>): RoundSummaryDto[] {
  const dispatcher = user.roles.includes('dispatcher');
  return rounds.filter((r) => r.status === 'draft' && (dispatcher || r.inspectorUserIds.includes(user.id)));
}

/** 按分区分组，保持检查细则的顺序 */
export function groupBySection<T extends { section: string }>(items: readonly T[]): { section: string; items: T[] }[] {
  const groups: { section: string; items: T[] }[] = [];
  for (const item of items) {
    const last = groups.find((g) => g.section === item.section);
    if (last) last.items.push(item);
    else groups.push({ section: item.section, items: [item] });
  }
  return groups;
}
