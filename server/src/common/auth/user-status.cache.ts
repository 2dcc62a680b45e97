import { Injectable } from '@nestjs/common';
import type { Role } from '@sansui/shared';
import { InvalidationBus } from '../redis/invalidation-bus';

export type UserStatus = 'active' | 'disabled' | 'deleted' | 'missing';

/** What a token's user may do right now: read from the users table, not from the token. */
export interface CurrentUserState {
  status: UserStatus;
  roles: Role[];
  departmentId: number | null;
  /** Tokens issued under another version are void (password reset, disabled, roles changed). */
  credentialVersion: number;
}

/** Reads a user's state from the users table; the users module registers it. */
export type UserStateLoader = (userId: number) => Promise<CurrentUserState>;

const TTL_MS = 5_000;

/**
 * A user's current status, roles and department; cached for a few seconds so a busy endpoint does not
 * hit the users table each time. Admin changes call `forget`, so they apply at once in this instance and, with REDIS_URL, in every other one.
 */
@Injectable()
export class UserStatusCache {
  private readonly cache = new Map<number, CurrentUserState & { until: number }>();
  /** Bumped by `forget`: a lookup that raced with a change does not store its (possibly stale) row. */
  private generation = 0;

  private loader: UserStateLoader | null = null;

  constructor(private readonly bus: InvalidationBus) {
    bus.on('user-status', (key) => this.drop(Number(key)));
  }

  /** The users module (owner of the users table) registers how a user's state is read. */
  loadWith(loader: UserStateLoader): void {
    this.loader = loader;
  }

  async current(userId: number): Promise<CurrentUserState> {
    const hit = this.cache.get(userId);
    if (hit && hit.until > Date.now()) return hit;
    const generation = this.generation;
    const state: CurrentUserState = this.loader
      ? await this.loader(userId)
      : { status: 'missing', roles: [], departmentId: null, credentialVersion: 0 };
    if (generation === this.generation) {
      if (this.cache.size >= 50_000) this.cache.clear();
      this.cache.set(userId, { ...state, until: Date.now() + TTL_MS });
    }
    return state;
  }

  /** Call after changing a user's roles, department or status (disabling, deleting). */
  forget(userId: number): void {
    this.drop(userId);
    this.bus.publish('user-status', userId);
  }

  private drop(userId: number): void {
    this.generation++;
    this.cache.delete(userId);
  }
}
