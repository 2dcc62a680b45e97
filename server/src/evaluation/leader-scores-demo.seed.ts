import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { chinaDay } from '@sansui/shared';
import type { EntityManager } from 'typeorm';
import { Area } from '../areas/area.entity';
import { DemoSeedRegistry } from '../demo/demo-seed.registry';
import { User } from '../users/user.entity';
import { EvaluationSettingsService } from './evaluation-settings.service';
import { LeaderScore } from './leader-score.entity';
import { LeaderScoresService } from './leader-scores.service';
import { demoMonth } from './rounds-demo.seed';

/** The demo's share of the 领导评价 in the quarter (the product's default is 0: not used). */
export const DEMO_LEADER_WEIGHT = 0.1;

const SCORES: [number, string][] = [
  [935, '创卫迎检组织有力，背街小巷整治成效明显'],
  [902.5, '农贸市场整治进度偏慢，需加大督办力度'],
  [918, '门前四包落实较好'],
  [890, '夜市散场保洁不到位'],
];

/** `YYYY-Qn` of a month `YYYY-MM`. */
const quarterOf = (month: string) => `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;

/**
 * Demo data: a 领导评价 for every district in the quarters the demo rounds fall in (and China's current quarter),
 * entered by the demo admin, with the leader's share set to 10 % so 季度评比 shows the mix.
 */
@Injectable()
export class LeaderScoresDemoSeed implements OnModuleInit {
  private readonly logger = new Logger('LeaderScoresDemoSeed');

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly leaderScores: LeaderScoresService,
    private readonly settings: EvaluationSettingsService,
  ) {}

  onModuleInit(): void {
    this.moduleRef
      .get(DemoSeedRegistry, { strict: false })
      .register({ order: 86, name: 'evaluation: leader scores', run: (em) => this.run(em) });
  }

  private async run(em: EntityManager, now = new Date()): Promise<void> {
    if (await em.getRepository(LeaderScore).exists()) return;
    const admin = (await em.getRepository(User).find({ where: { kind: 'staff', active: true }, order: { id: 'ASC' } })).find((u) =>
      u.roles.includes('admin'),
    );
    const districts = await em.getRepository(Area).find({ where: { level: 'district' }, order: { id: 'ASC' } });
    if (!admin || districts.length === 0) return;
    const user = { id: admin.id, kind: 'staff' as const, roles: admin.roles, departmentId: admin.departmentId };
    const quarters = [...new Set([demoMonth(now, 1), demoMonth(now, 0), chinaDay(now).slice(0, 7)].map(quarterOf))];
    for (const quarter of quarters)
      await this.leaderScores.save(user, quarter, {
        items: districts.map((d, i) => ({ areaId: d.id, score: SCORES[i % SCORES.length][0], note: SCORES[i % SCORES.length][1] })),
      });
    const current = await this.settings.get();
    if (current.leaderWeight === 0) await this.settings.save(user, { ...current, leaderWeight: DEMO_LEADER_WEIGHT });
    this.logger.log(`demo leader scores: ${districts.length} districts × ${quarters.join(', ')}`);
  }
}
