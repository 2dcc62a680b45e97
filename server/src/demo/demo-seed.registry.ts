import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Steps of the demo data, run in `order` (places 10, staff 20, reports 50, rewards 70 …). */
export interface DemoSeedStep {
  order: number;
  name: string;
  run: (em: EntityManager) => Promise<void>;
}

/**
 * Modules contribute their own demo data by registering a step in onModuleInit; DemoSeeder runs them
 * once, in order, when DEMO_DATA=true and the database has no demo marker yet.
 */
@Injectable()
export class DemoSeedRegistry {
  private readonly steps: DemoSeedStep[] = [];

  register(step: DemoSeedStep): void {
    this.steps.push(step);
  }

  ordered(): DemoSeedStep[] {
    return [...this.steps].sort((a, b) => a.order - b.order);
  }
}
