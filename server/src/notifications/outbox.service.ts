import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { insertRow } from '../database/insert-row';
import { UserRepository } from '../users/user.repository';
import { SubscribeMessageClient } from '../wechat/subscribe/subscribe-message.client';
import { WecomClient, type WecomSendOutcome } from '../wecom/wecom.client';
import { OutboxMessage, pendingMessage } from './outbox-message.entity';
import { OutboxMessageRepository, type OutboxFinalStatus } from './outbox-message.repository';
import { formatTemplateData, TEMPLATE_DEFS, templateIdOf, type TemplateData, type TemplateKey } from './templates';

export interface EnqueueInput<K extends TemplateKey = TemplateKey> {
  /** The resident to tell. */
  userId: number;
  templateKey: K;
  /** Semantic fields of the template, e.g. {category: '暴露垃圾', status: '已受理', time: new Date(), note: '…'}. */
  data: TemplateData<K>;
  /** Mini-program page the message opens, e.g. `pkg-mine/detail/index?id=12`; defaults per template. */
  page?: string;
}

export interface OutboxRunResult {
  claimed: number;
  sent: number;
  refused: number;
  failed: number;
  dead: number;
}

/** How long a worker owns a claimed message. Much longer than one send (HTTP timeout 5 s, one token retry). */
const LEASE_MS = 60_000;
const BATCH = 20;
/** Backoff after the n-th failed attempt: 30 s, 2 min, 8 min, 30 min, 2 h, then 6 h. */
const BACKOFF_MS = [30_000, 120_000, 480_000, 1_800_000, 7_200_000, 21_600_000];

/**
 * Resident notifications through WeChat subscription messages, via a transactional outbox.
 *
 * - `enqueue(em, …)` is called by other modules INSIDE the transaction that makes the change, so a
 *   message exists if and only if the change committed.
 * - `runOnce()` (driven by OutboxWorker, or by tests) claims due messages with a lease: a conditional
 *   UPDATE per row (`… WHERE id = ? AND status IN (pending, failed, sending) AND (lockedUntil IS NULL OR
 *   lockedUntil < now)`), so with several instances on one database each message has one owner at a time.
 * - Each message uses one of the resident's one-time grants (subscription_grants); without a grant it
 *   is marked `refused` and WeChat is not called. 43101 from WeChat is also `refused`, never retried.
 *   Outages are retried with backoff, and the message is `dead` after OUTBOX_MAX_ATTEMPTS.
 *
 * At-least-once window: if the process dies after WeChat accepted a message but before it was marked
 * `sent`, the lease expires (60 s) and another run sends it again. WeChat's send has no idempotency
 * key, so the resident may then get it twice; the grant is not consumed twice (grantConsumedAt), and
 * WeChat itself refuses the duplicate with 43101 when the resident granted only once.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger('Outbox');
  private readonly workerId = `${hostname().slice(0, 30)}:${process.pid}:${randomBytes(3).toString('hex')}`;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly messages: OutboxMessageRepository,
    private readonly client: SubscribeMessageClient,
    private readonly wecom: WecomClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UserRepository,
  ) {}

  /** Writes a message in the caller's transaction (one INSERT: nobody reads the row back). */
  async enqueue<K extends TemplateKey>(em: EntityManager, input: EnqueueInput<K>): Promise<Pick<OutboxMessage, 'id'>> {
    const id = await insertRow(
      em,
      OutboxMessage,
      pendingMessage({
        userId: input.userId,
        channel: 'subscribe_message',
        templateKey: input.templateKey,
        payload: {
          data: formatTemplateData(input.templateKey, input.data),
          page: input.page ?? TEMPLATE_DEFS[input.templateKey].defaultPage,
        },
      }),
    );
    return { id };
  }

  /** Claims and delivers the due messages once. Safe to call concurrently, from one or several instances. */
  async runOnce(now = new Date()): Promise<OutboxRunResult> {
    const result: OutboxRunResult = { claimed: 0, sent: 0, refused: 0, failed: 0, dead: 0 };
    for (const id of await this.messages.dueIds(now, BATCH)) {
      const lease = `${this.workerId}:${randomBytes(4).toString('hex')}`;
      if (!(await this.messages.claim(id, lease, now, LEASE_MS))) continue;
      result.claimed++;
      const outcome = await this.deliver(id, lease);
      result[outcome]++;
    }
    return result;
  }

  private async deliver(id: number, lease: string): Promise<OutboxFinalStatus> {
    const msg = await this.messages.findById(id);
    if (msg.channel === 'staff_notice') return this.deliverToStaff(msg, lease);
    const user = await this.users.deliveryFacts(this.db.manager, msg.userId);
    if (!user || user.deletedAt || !user.openid || user.openid.startsWith('deleted:'))
      return this.finish(msg, lease, 'dead', 'resident has no WeChat openid');
    if (msg.channel !== 'subscribe_message' || !(msg.templateKey in TEMPLATE_DEFS))
      return this.finish(msg, lease, 'dead', `unknown channel/template ${msg.channel}/${msg.templateKey}`);
    const templateId = templateIdOf(this.config, msg.templateKey as TemplateKey);
    if (!msg.grantConsumedAt) {
      if (!(await this.consumeGrant(msg, templateId))) return this.finish(msg, lease, 'refused', 'no subscription grant');
    }
    try {
      const out = await this.client.send({ touser: user.openid, templateId, page: msg.payload.page ?? undefined, data: msg.payload.data });
      if (out.kind === 'sent') return this.finish(msg, lease, 'sent', null);
      if (out.kind === 'refused') return this.finish(msg, lease, 'refused', `${out.errcode} ${out.errmsg}`);
      return this.finish(msg, lease, 'dead', `${out.errcode} ${out.errmsg}`);
    } catch (e) {
      return this.retryOrGiveUp(msg, lease, (e as Error).message);
    }
  }

  /** A staff notice as a WeCom text card (docs/domain.md §17), to the member id the account carries now. */
  private async deliverToStaff(msg: OutboxMessage, lease: string): Promise<'sent' | 'failed' | 'dead'> {
    const user = await this.users.deliveryFacts(this.db.manager, msg.userId);
    if (!user?.active || !user.wecomUserId) return this.finish(msg, lease, 'dead', 'staff member has no WeCom user id');
    const { title, description, url } = msg.payload.data;
    let out: WecomSendOutcome;
    try {
      out = await this.wecom.sendTextCard({ toUsers: [user.wecomUserId], title, description, url });
    } catch (e) {
      return this.retryOrGiveUp(msg, lease, (e as Error).message);
    }
    return out.kind === 'sent' ? this.finish(msg, lease, 'sent', null) : this.finish(msg, lease, 'dead', `${out.errcode} ${out.errmsg}`);
  }

  private retryOrGiveUp(msg: OutboxMessage, lease: string, error: string): Promise<'failed' | 'dead'> {
    if (msg.attempts >= this.config.outboxMaxAttempts) return this.finish(msg, lease, 'dead', error);
    this.logger.warn(`message ${msg.id} attempt ${msg.attempts} failed: ${error}`);
    return this.finish(msg, lease, 'failed', error);
  }

  /** Uses one grant; remembered on the message so that a re-send after a crash does not use a second one. */
  private async consumeGrant(msg: OutboxMessage, templateId: string): Promise<boolean> {
    if (!(await this.messages.takeGrant(msg.userId, templateId))) return false;
    msg.grantConsumedAt = new Date();
    await this.messages.markGrantConsumed(msg.id, msg.grantConsumedAt);
    return true;
  }

  private async finish<S extends OutboxFinalStatus>(msg: OutboxMessage, lease: string, status: S, error: string | null): Promise<S> {
    const now = new Date();
    const backoff = BACKOFF_MS[Math.min(msg.attempts - 1, BACKOFF_MS.length - 1)];
    await this.messages.finish(msg.id, lease, {
      status,
      lastError: error ? error.slice(0, 255) : null,
      ...(status === 'sent' ? { sentAt: now } : {}),
      ...(status === 'failed' ? { nextAttemptAt: new Date(now.getTime() + backoff) } : {}),
    });
    return status;
  }

  /** Messages of one resident, newest first (for support and tests). */
  ofUser(userId: number, statuses?: OutboxMessage['status'][]): Promise<OutboxMessage[]> {
    return this.messages.ofUser(userId, statuses);
  }

  /** Deletes delivered messages older than `days` (housekeeping). */
  purgeDelivered(days = 30): Promise<number> {
    return this.messages.deleteDeliveredBefore(new Date(Date.now() - days * 86_400_000));
  }
}
