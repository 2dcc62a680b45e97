import { Global, Module } from '@nestjs/common';
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
  controllers: [NotificationsController],
  providers: [OutboxService, OutboxWorker, SubscriptionsService, NoticesService],
  exports: [OutboxService, NoticesService],
})
export class NotificationsModule {}
