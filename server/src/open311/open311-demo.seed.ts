import { Injectable, OnModuleInit } from '@nestjs/common';
import { DemoSeedRegistry } from '../demo/demo-seed.registry';
import { Open311Service } from './open311.service';

/** The demo API key of docs/domain.md §13. */
export const DEMO_OPEN311_KEY = 'demo-open311-key';

@Injectable()
export class Open311DemoSeed implements OnModuleInit {
  constructor(
    private readonly registry: DemoSeedRegistry,
    private readonly open311: Open311Service,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      order: 55,
      name: 'open311 demo client',
      run: async (em) => void (await this.open311.createClient(em, '12345 热线平台（演示）', DEMO_OPEN311_KEY)),
    });
  }
}
