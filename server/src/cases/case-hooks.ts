import { Injectable } from '@nestjs/common';
import type { CaseAction } from '@sansui/shared';
import type { EntityManager } from 'typeorm';
import type { Case } from './case.entity';

export interface CaseTransitionEvent {
  /** The case after the move (already saved in `em`). */
  caseRow: Case;
  action: CaseAction;
  fromStatus: Case['status'];
  actorUserId: number | null;
}

export type CaseTransitionListener = (em: EntityManager, event: CaseTransitionEvent) => Promise<void>;

/**
 * Lets other modules (rewards, notifications) react to a case move inside the same transaction,
 * without the cases module depending on them. Listeners register in their module's onModuleInit.
 */
@Injectable()
export class CaseHooks {
  private readonly listeners: { name: string; fn: CaseTransitionListener }[] = [];

  onTransition(name: string, fn: CaseTransitionListener): void {
    this.listeners.push({ name, fn });
  }

  async emit(em: EntityManager, event: CaseTransitionEvent): Promise<void> {
    for (const l of this.listeners) await l.fn(em, event);
  }
}
