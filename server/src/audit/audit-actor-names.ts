import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

type NameLookup = (em: EntityManager, ids: readonly number[]) => Promise<Map<number, string>>;

/**
 * Current display names of accounts, for log entries recorded without one. The users folder records audit entries,
 * so audit does not import it: users registers its lookup here at init (UsersModule).
 */
@Injectable()
export class AuditActorNames {
  private lookup: NameLookup | null = null;

  register(lookup: NameLookup): void {
    this.lookup = lookup;
  }

  /** Names by account id, in one read; no name is known before users registers. */
  of(em: EntityManager, ids: readonly number[]): Promise<Map<number, string>> {
    return this.lookup && ids.length ? this.lookup(em, ids) : Promise.resolve(new Map());
  }
}
