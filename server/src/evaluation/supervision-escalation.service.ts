import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SUPERVISION_ESCALATION_LABELS, type SupervisionEscalationStep } from '@sansui/shared';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Transactions } from '../database/transactions';
import { isUniqueViolation } from '../database/unique-violation';
import { NoticesService } from '../notifications/notices.service';
import { chinaTime } from '../notifications/templates';
import { UserRepository } from '../users/user.repository';
import { SupervisionEscalation, SupervisionNotice } from './supervision-notice.entity';
import { dueSupervisionSteps } from './supervision-rules';

export interface SupervisionEscalationRun {
  fired: { noticeId: number; step: SupervisionEscalationStep }[];
  /** Steps another run (or instance) had already claimed. */
  skipped: number;
}

/**
 * Escalation of unanswered 督办通知: each due step is claimed by inserting its (notice, step) row — the unique key
 * — in the transaction that records and sends it, so instances running the job at the same time send it once.
 */
@Injectable()
export class SupervisionEscalationService {
  private readonly logger = new Logger('SupervisionEscalation');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly notices: NoticesService,
    private readonly users: UserRepository,
  ) {}

  async runOnce(now: Date = new Date()): Promise<SupervisionEscalationRun> {
    const result: SupervisionEscalationRun = { fired: [], skipped: 0 };
    const unanswered = await this.db
      .getRepository(SupervisionNotice)
      .createQueryBuilder('n')
      .where({ repliedAt: IsNull() })
      .andWhere('n.deadline < :now', { now })
      .getMany();
    if (unanswered.length === 0) return result;
    const done = await this.db
      .getRepository(SupervisionEscalation)
      .find({ where: { noticeId: In(unanswered.map((n) => n.id)) }, select: { noticeId: true, step: true } });
    const seen = new Set(done.map((d) => `${d.noticeId}:${d.step}`));
    for (const n of unanswered) {
      for (const step of dueSupervisionSteps(n, now)) {
        if (seen.has(`${n.id}:${step}`)) continue;
        if (await this.fire(n, step)) result.fired.push({ noticeId: n.id, step });
        else result.skipped++;
      }
    }
    return result;
  }

  private async fire(n: SupervisionNotice, step: SupervisionEscalationStep): Promise<boolean> {
    try {
      await this.tx.run(async (em) => {
        await em.getRepository(SupervisionEscalation).insert({ noticeId: n.id, step });
        await this.audit.record(em, {
          actorUserId: null,
          action: `supervision_notice.${step}`,
          targetType: 'supervision_notice',
          targetId: n.id,
          data: { deadline: n.deadline.toISOString(), departmentId: n.departmentId },
        });
        await this.notify(em, n, step);
      });
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      this.logger.error(`supervision ${step} of notice ${n.id} failed: ${(e as Error).message}`);
      throw e;
    }
  }

  private async notify(em: EntityManager, n: SupervisionNotice, step: SupervisionEscalationStep): Promise<void> {
    const staff = await this.users.activeStaff(em);
    const title = `${SUPERVISION_ESCALATION_LABELS[step]}：${n.title}`;
    const body = `回复期限 ${chinaTime(n.deadline)} 已过，尚未收到整改回复`;
    const to =
      step === 'overdue'
        ? staff.filter((u) => u.departmentId === n.departmentId && u.roles.includes('dept_manager'))
        : staff.filter((u) => u.roles.includes('dispatcher'));
    if (to.length === 0 && step === 'overdue') {
      await this.notices.notifyStaff(em, { departmentId: n.departmentId, kind: 'supervision_overdue', title, body });
      return;
    }
    for (const u of to) await this.notices.notifyStaff(em, { userId: u.id, kind: `supervision_${step}`, title, body });
  }
}
