import type { EntityManager } from 'typeorm';

/** How many of the registering module's rows still refer to the id, read inside the delete's transaction. */
export type ReferenceCount = (em: EntityManager, id: number) => Promise<number>;

/**
 * Lets the modules above a table say what of theirs still refers to one of its rows, so the owner can refuse
 * a delete without naming their tables (or importing them). Each module registers its own count in
 * onModuleInit; the owner asks before it deletes.
 */
export abstract class ReferenceChecks {
  private readonly checks: { what: string; count: ReferenceCount }[] = [];

  /** `what` names the referring rows the way the refusal lists them, in Chinese (e.g. 案卷). */
  register(what: string, count: ReferenceCount): void {
    this.checks.push({ what, count });
  }

  /** What still refers to the id, in registration order; empty when nothing does. */
  async referring(em: EntityManager, id: number): Promise<string[]> {
    const found: string[] = [];
    for (const check of this.checks) if ((await check.count(em, id)) > 0) found.push(check.what);
    return found;
  }
}
