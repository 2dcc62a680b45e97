import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import { DemoSeedRegistry } from '../demo/demo-seed.registry';
import { ChecklistVersion } from './checklist.entity';
import { ChecklistService } from './checklist.service';
import { DEMO_CHECKLIST } from './demo-checklist';

/** Demo data: the 十大规范 checklist (1,000 points) as version 1. */
@Injectable()
export class ChecklistDemoSeed implements OnModuleInit {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly checklist: ChecklistService,
  ) {}

  onModuleInit(): void {
    this.moduleRef
      .get(DemoSeedRegistry, { strict: false })
      .register({ order: 80, name: 'evaluation: checklist', run: (em) => this.run(em) });
  }

  private async run(em: EntityManager): Promise<void> {
    if (await em.getRepository(ChecklistVersion).exists()) return;
    // write() locks the newest version row, which MySQL only allows inside a transaction.
    await em.transaction((tx) => this.checklist.write(tx, DEMO_CHECKLIST, '十大规范（演示数据）', null));
  }
}
