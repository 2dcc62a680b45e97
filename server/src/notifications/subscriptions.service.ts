import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SubscriptionGrantResponse, SubscriptionTemplateDto } from '@sansui/shared';
import { DataSource, In } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { isUniqueViolation } from '../database/unique-violation';
import { SubscriptionGrant } from './subscription-grant.entity';
import { TEMPLATE_DEFS, templateIdOf, type TemplateKey } from './templates';

/** Unused grants kept per template; WeChat also caps what a user can accumulate. */
const MAX_REMAINING = 100;

/** One-time subscription grants the mini-program reports after wx.requestSubscribeMessage. */
@Injectable()
export class SubscriptionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  templates(): SubscriptionTemplateDto[] {
    return (Object.keys(TEMPLATE_DEFS) as TemplateKey[]).map((key) => ({
      key,
      templateId: templateIdOf(this.config, key),
      title: TEMPLATE_DEFS[key].title,
    }));
  }

  async grant(user: AuthUser, templateIds: string[]): Promise<SubscriptionGrantResponse> {
    if (user.kind !== 'resident') throw new AppException('RESIDENT_ONLY', '只有居民可以订阅消息');
    const known = new Set(this.templates().map((t) => t.templateId));
    const ids = [...new Set(templateIds)];
    if (ids.some((id) => !known.has(id))) throw new AppException('TEMPLATE_UNKNOWN');
    const run = () =>
      this.tx.run(async (em) => {
        const repo = em.getRepository(SubscriptionGrant);
        for (const templateId of ids) {
          const row = await repo.findOne({ where: { userId: user.id, templateId }, ...this.tx.forUpdate() });
          if (row) await repo.update({ id: row.id }, { remaining: Math.min(row.remaining + 1, MAX_REMAINING) });
          else await repo.insert({ userId: user.id, templateId, remaining: 1 });
        }
      });
    try {
      await run();
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      await run();
    }
    const rows = await this.db.getRepository(SubscriptionGrant).find({ where: { userId: user.id, templateId: In([...known]) } });
    return { granted: Object.fromEntries(rows.map((r) => [r.templateId, r.remaining])) };
  }
}
