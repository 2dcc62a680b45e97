import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { In } from 'typeorm';
import { AccountDeletionHooks } from '../users/account-deletion-hooks';
import { UsersModule } from '../users/users.module';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxMessageRepository } from './outbox-message.repository';
import { SubscriptionGrant } from './subscription-grant.entity';
import { NoticesService } from './notices.service';
import { NotificationsController } from './notifications.controller';
import { OutboxService } from './outbox.service';
import { OutboxWorker } from './outbox.worker';
import { SubscriptionsService } from './subscriptions.service';

/**
 * Resident subscription messages (transactional outbox) and staff notices. Global so that cases,
 * escalation and rewards can call OutboxService.enqueue / NoticesService.notifyStaff in their transactions.
 */
@Global()
@Module({
  imports: [UsersModule],
  controllers: [NotificationsController],
  providers: [OutboxService, OutboxMessageRepository, OutboxWorker, SubscriptionsService, NoticesService],
  exports: [OutboxService, NoticesService],
})
export class NotificationsModule implements OnModuleInit {
  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    // 注销: the resident's grants go, and messages not yet sent are never sent (in the deletion's transaction).
    this.moduleRef.get(AccountDeletionHooks, { strict: false }).onDeletion('notifications', async (em, userId) => {
      await em.getRepository(SubscriptionGrant).delete({ userId });
      await em
        .getRepository(OutboxMessage)
        .update(
          { userId, status: In(['pending', 'failed']) },
          { status: 'dead', lastError: 'account deleted', lockedBy: null, lockedUntil: null },
        );
    });
  }
}
