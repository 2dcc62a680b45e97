import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type AccountDeletionListener = (em: EntityManager, userId: number) => Promise<void>;

/**
 * Lets other modules (rewards) settle what a resident leaves behind, inside the deletion's
 * transaction, without the users module depending on them. Listeners register in onModuleInit.
 */
@Injectable()
export class AccountDeletionHooks {
  private readonly listeners: { name: string; fn: AccountDeletionListener }[] = [];

  onDeletion(name: string, fn: AccountDeletionListener): void {
    this.listeners.push({ name, fn });
  }

  async emit(em: EntityManager, userId: number): Promise<void> {
    for (const l of this.listeners) await l.fn(em, userId);
  }
}
