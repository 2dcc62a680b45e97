import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { StaffWechatBinding } from '../../auth/staff-binding/staff-wechat-binding.entity';

const TTL_MS = 5_000;

/**
 * Whether a WeChat binding is still active, for tokens issued through it (DOMAIN §14: unbinding ends
 * the phone's access). Cached for a few seconds like UserStatusCache; unbinding calls `forget`.
 */
@Injectable()
export class StaffBindingStatusCache {
  private readonly cache = new Map<number, { active: boolean; until: number }>();
  private generation = 0;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async isActive(bindingId: number): Promise<boolean> {
    const hit = this.cache.get(bindingId);
    if (hit && hit.until > Date.now()) return hit.active;
    const generation = this.generation;
    const row = await this.db
      .getRepository(StaffWechatBinding)
      .findOne({ where: { id: bindingId }, select: { id: true, activeUserId: true } });
    const active = !!row && row.activeUserId !== null;
    if (generation === this.generation) {
      if (this.cache.size > 50_000) this.cache.clear();
      this.cache.set(bindingId, { active, until: Date.now() + TTL_MS });
    }
    return active;
  }

  forget(bindingId: number): void {
    this.generation++;
    this.cache.delete(bindingId);
  }
}
