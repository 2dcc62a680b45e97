import { Injectable } from '@nestjs/common';

/** Whether a binding is active; the auth module (owner of the bindings table) registers it. */
export type BindingActiveLoader = (bindingId: number) => Promise<boolean>;

const TTL_MS = 5_000;

/**
 * Whether a WeChat binding is still active, for tokens issued through it (docs/domain.md §14: unbinding ends
 * the phone's access). Cached for a few seconds like UserStatusCache; unbinding calls `forget`.
 */
@Injectable()
export class StaffBindingStatusCache {
  private readonly cache = new Map<number, { active: boolean; until: number }>();
  private generation = 0;

  private loader: BindingActiveLoader | null = null;

  loadWith(loader: BindingActiveLoader): void {
    this.loader = loader;
  }

  async isActive(bindingId: number): Promise<boolean> {
    const hit = this.cache.get(bindingId);
    if (hit && hit.until > Date.now()) return hit.active;
    const generation = this.generation;
    const active = this.loader ? await this.loader(bindingId) : false;
    if (generation === this.generation) {
      if (this.cache.size >= 50_000) this.cache.clear();
      this.cache.set(bindingId, { active, until: Date.now() + TTL_MS });
    }
    return active;
  }

  forget(bindingId: number): void {
    this.generation++;
    this.cache.delete(bindingId);
  }
}
