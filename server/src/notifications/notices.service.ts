import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NoticeReadAllDto, NoticeUnreadCountDto, Page, Role, StaffNoticeDto } from '@sansui/shared';
import { Brackets, DataSource, EntityManager, In, IsNull } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { UserRepository } from '../users/user.repository';
import { OutboxMessage, pendingMessage } from './outbox-message.entity';
import { StaffNotice } from './staff-notice.entity';
import { chinaTime } from './templates';

export interface StaffNoticeInput {
  /** One person … */
  userId?: number | null;
  /** … or everyone in a department. At least one of the two. */
  departmentId?: number | null;
  kind: string;
  title: string;
  body: string;
  caseId?: number | null;
  /** Where the case is, as people read it (`placeText`): appended to the body so staff know where to go. */
  place?: string | null;
}

function toDto(n: StaffNotice): StaffNoticeDto {
  return {
    id: n.id,
    userId: n.userId,
    departmentId: n.departmentId,
    kind: n.kind,
    title: n.title,
    body: n.body,
    caseId: n.caseId,
    read: n.readAt !== null,
    readAt: n.readAt ? n.readAt.toISOString() : null,
    createdAt: n.createdAt.toISOString(),
  };
}

/** In-app notices for staff (督办提醒, 超期, 派遣 …), shown in the admin panel. */
@Injectable()
export class NoticesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UserRepository,
  ) {}

  /** Call inside the transaction of the change the notice is about. */
  async notifyStaff(em: EntityManager, input: StaffNoticeInput): Promise<StaffNotice> {
    if (!input.userId && !input.departmentId) throw new Error('notifyStaff needs userId or departmentId');
    const repo = em.getRepository(StaffNotice);
    const notice = await repo.save(
      repo.create({
        userId: input.userId ?? null,
        departmentId: input.departmentId ?? null,
        kind: input.kind.slice(0, 32),
        title: input.title.slice(0, 100),
        body: input.place ? `${input.body}；地点：${input.place}` : input.body,
        caseId: input.caseId ?? null,
        readAt: null,
        readByUserId: null,
      }),
    );
    if (this.config.wecom.enabled) await this.queuePushes(em, notice);
    return notice;
  }

  /**
   * One WeCom push per recipient who has a WeCom user id (the person, or every active member of the department),
   * written to the outbox in the notice's transaction; OutboxService delivers and retries. People without a
   * WeCom id still have the notice centre.
   */
  private async queuePushes(em: EntityManager, notice: StaffNotice): Promise<void> {
    const recipients = await this.users.wecomRecipients(
      em,
      notice.userId !== null ? { userId: notice.userId } : { departmentId: notice.departmentId! },
    );
    if (recipients.length === 0) return;
    const base = this.config.publicBaseUrl;
    const url = notice.caseId !== null ? `${base}/admin/cases/${notice.caseId}` : `${base}/admin/`;
    const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const description = `<div class="gray">${chinaTime(notice.createdAt)}</div><div class="normal">${esc(notice.body)}</div>`;
    // updateEntity(false): one INSERT, without the read-back of every row's defaults that nobody uses.
    await em
      .createQueryBuilder()
      .insert()
      .into(OutboxMessage)
      .updateEntity(false)
      .values(
        recipients.map((r) =>
          pendingMessage({
            userId: r,
            channel: 'staff_notice',
            templateKey: notice.kind,
            payload: { data: { title: notice.title, description, url, noticeId: String(notice.id) }, page: null },
          }),
        ),
      )
      .execute();
  }

  /** One notice to each active staff member with `role` (e.g. every dispatcher when a case comes back). */
  async notifyRole(em: EntityManager, role: Role, input: Omit<StaffNoticeInput, 'userId' | 'departmentId'>): Promise<StaffNotice[]> {
    const staff = await this.users.activeStaff(em);
    const out: StaffNotice[] = [];
    for (const u of staff.filter((s) => s.roles.includes(role))) out.push(await this.notifyStaff(em, { ...input, userId: u.id }));
    return out;
  }

  /**
   * Someone has acted on what these notices asked for (e.g. a dispatcher decided the moderation item): every
   * unread notice of `kind` about the case is marked read for everyone, by that person, so no notice centre
   * keeps a call to action that is already done. Call inside the transaction of the decision.
   */
  async resolveForCase(em: EntityManager, caseId: number, kind: string, byUserId: number): Promise<number> {
    const res = await em
      .getRepository(StaffNotice)
      .update({ caseId, kind, readAt: IsNull() }, { readAt: new Date(), readByUserId: byUserId });
    return res.affected ?? 0;
  }

  /** Mine and my department's, unread first, newest first. */
  async list(user: AuthUser, page = 1, pageSize = 20, unreadOnly = false): Promise<Page<StaffNoticeDto>> {
    const qb = this.visible(user);
    if (unreadOnly) qb.andWhere('n.readAt IS NULL');
    const [rows, total] = await qb
      .orderBy('CASE WHEN n.readAt IS NULL THEN 0 ELSE 1 END', 'ASC')
      .addOrderBy('n.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: rows.map(toDto), total, page, pageSize };
  }

  async markRead(user: AuthUser, id: number): Promise<StaffNoticeDto> {
    const notice = await this.visible(user).andWhere('n.id = :id', { id }).getOne();
    if (!notice) throw new AppException('NOTICE_NOT_FOUND');
    if (!notice.readAt) {
      await this.db.getRepository(StaffNotice).update({ id, readAt: IsNull() }, { readAt: new Date(), readByUserId: user.id });
    }
    return toDto(await this.db.getRepository(StaffNotice).findOneByOrFail({ id }));
  }

  async unreadCount(user: AuthUser): Promise<NoticeUnreadCountDto> {
    return { unread: await this.visible(user).andWhere('n.readAt IS NULL').getCount() };
  }

  /** 全部已读: every unread notice I can see, mine and my department's. */
  async markAllRead(user: AuthUser): Promise<NoticeReadAllDto> {
    const ids = (await this.visible(user).andWhere('n.readAt IS NULL').select('n.id', 'id').getRawMany<{ id: number }>()).map((r) =>
      Number(r.id),
    );
    if (ids.length === 0) return { updated: 0 };
    const res = await this.db
      .getRepository(StaffNotice)
      .update({ id: In(ids), readAt: IsNull() }, { readAt: new Date(), readByUserId: user.id });
    return { updated: res.affected ?? ids.length };
  }

  private visible(user: AuthUser) {
    return this.db
      .getRepository(StaffNotice)
      .createQueryBuilder('n')
      .where(
        new Brackets((w) => {
          w.where('n.userId = :uid', { uid: user.id });
          if (user.departmentId) w.orWhere('(n.userId IS NULL AND n.departmentId = :dept)', { dept: user.departmentId });
        }),
      );
  }
}
