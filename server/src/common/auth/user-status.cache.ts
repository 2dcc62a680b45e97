import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { User } from '../../users/user.entity';

export type UserStatus = 'active' | 'disabled' | 'deleted' | 'missing';

const TTL_MS = 5_000;

/** Whether a token's user may still act; cached for a few seconds so a busy endpoint does not hit the users table each time. */
@Injectable()
export class UserStatusCache {
  private readonly cache = new Map<number, { status: UserStatus; until: number }>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async statusOf(userId: number): Promise<UserStatus> {
    const hit = this.cache.get(userId);
    if (hit && hit.until > Date.now()) return hit.status;
    const user = await this.db.getRepository(User).findOne({ where: { id: userId }, select: { id: true, active: true, deletedAt: true } });
    const status: UserStatus = !user ? 'missing' : user.deletedAt ? 'deleted' : user.active ? 'active' : 'disabled';
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(userId, { status, until: Date.now() + TTL_MS });
    return status;
  }

  /** Call after disabling or deleting a user so the change applies at once in this instance. */
  forget(userId: number): void {
    this.cache.delete(userId);
  }
}
