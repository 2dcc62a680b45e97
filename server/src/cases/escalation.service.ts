import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ESCALATION_STEP_LABELS, dueEscalationSteps, type EscalationStep } from '@sansui/shared';
import { DataSource, In, type EntityManager } from 'typeorm';
import { isUniqueViolation } from '../database/unique-violation';
import { Transactions } from '../database/transactions';
import { NoticesService } from '../notifications/notices.service';
import { chinaTime } from '../notifications/templates';
import { UserRepository } from '../users/user.repository';
import { CaseEffects } from './case-effects';
import { CaseEscalation } from './case-escalation.entity';
import { RUNNING_SQL, sqlTime } from './case-sql';
import { Case } from './case.entity';

export interface EscalationRunResult {
  scanned: number;
  /** Steps this run recorded and notified. */
  fired: { caseId: number; step: EscalationStep }[];
  /** Steps another run (or instance) had already claimed. */
  skipped: number;
}

const BATCH = 500;

/**
 * The escalation ladder (督办, docs/domain.md §7) for cases whose clock runs (dispatched / in progress):
 * reminder to the department's handlers at half time, notice to the department manager at the
 * deadline, the 爱卫办 circular list at twice the SLA. Each step is recorded once per (case, deadline):
 * the INSERT into case_escalations (UNIQUE caseId, step, deadlineAt) is the claim, so several instances
 * may run the job at once and still send each step once. A moved deadline is a new key: the ladder re-arms.
 */
@Injectable()
export class EscalationService {
  private readonly logger = new Logger('Escalation');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly effects: CaseEffects,
    private readonly notices: NoticesService,
    private readonly users: UserRepository,
  ) {}

  async runOnce(now: Date = new Date()): Promise<EscalationRunResult> {
    const result: EscalationRunResult = { scanned: 0, fired: [], skipped: 0 };
    // The whole open queue in one indexed read (no ORDER BY / LIMIT: those tempt the planner into a
    // primary-key scan of the whole history), then the ladder in chunks.
    const all = await this.scanQuery(now).getMany();
    result.scanned = all.length;
    for (let i = 0; i < all.length; i += BATCH) {
      const due = all
        .slice(i, i + BATCH)
        .map((c) => ({ c, steps: dueEscalationSteps(c.dispatchedAt!, c.deadline!, now) }))
        .filter((d) => d.steps.length > 0);
      if (due.length === 0) continue;
      const done = await this.db
        .getRepository(CaseEscalation)
        .find({ where: { caseId: In(due.map((d) => d.c.id)) }, select: { caseId: true, step: true, deadlineAt: true } });
      const key = (caseId: number, step: string, at: Date) => `${caseId}:${step}:${at.getTime()}`;
      const seen = new Set(done.map((d) => key(d.caseId, d.step, d.deadlineAt)));
      for (const { c, steps } of due) {
        for (const step of steps) {
          if (seen.has(key(c.id, step, c.deadline!))) continue;
          if (await this.fire(c, step, now)) result.fired.push({ caseId: c.id, step });
          else result.skipped++;
        }
      }
    }
    return result;
  }

  /**
   * Running cases with a deadline whose ladder is not finished for that deadline (no circular row yet).
   * Uses the (status, deadline) index: the working set is the open queue,
   * not the whole history (checked by case-query-plan.int-spec.ts).
   */
  scanQuery(now: Date) {
    return this.db
      .getRepository(Case)
      .createQueryBuilder('c')
      .select([
        'c.id',
        'c.status',
        'c.departmentId',
        'c.handlerUserId',
        'c.dispatchedAt',
        'c.deadline',
        'c.categoryCode',
        'c.address',
        'c.landmark',
      ])
      .where(`c.status IN ${RUNNING_SQL}`)
      .andWhere('c.deadline IS NOT NULL AND c.dispatchedAt IS NOT NULL')
      .andWhere('c.dispatchedAt <= :now', { now: sqlTime(now) })
      .andWhere(
        "NOT EXISTS (SELECT 1 FROM case_escalations x WHERE x.caseId = c.id AND x.step = 'circular' AND x.deadlineAt = c.deadline)",
      );
  }

  /** Claims and sends one step in its own transaction; false when another run claimed it first. */
  private async fire(c: Case, step: EscalationStep, now: Date): Promise<boolean> {
    try {
      await this.tx.run(async (em) => {
        await em.getRepository(CaseEscalation).insert({ caseId: c.id, step, deadlineAt: c.deadline! });
        await this.effects.event(em, c.id, {
          action: 'escalate',
          fromStatus: c.status,
          toStatus: c.status,
          actorUserId: null,
          actorRole: 'system',
          note: ESCALATION_STEP_LABELS[step],
          data: { step, deadlineAt: c.deadline!.toISOString(), at: now.toISOString() },
        });
        await this.notify(em, c, step, now);
      });
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      this.logger.error(`escalation ${step} of case ${c.id} failed: ${(e as Error).message}`);
      throw e;
    }
  }

  private async notify(em: EntityManager, c: Case, step: EscalationStep, now: Date): Promise<void> {
    const deadline = chinaTime(c.deadline!);
    const where = c.address ?? c.landmark ?? '地址待补全';
    if (step === 'reminder') {
      if (c.departmentId === null) return;
      await this.notices.notifyStaff(em, {
        // The handler who claimed it, else the whole department (not claimed yet).
        ...(c.handlerUserId !== null ? { userId: c.handlerUserId } : { departmentId: c.departmentId }),
        kind: 'case_reminder',
        title: `督办提醒：案卷 #${c.id} 处置时限已过半`,
        body: `${where}。还剩 ${timeLeft(c.deadline!, now)}，请在 ${deadline} 前处置完毕`,
        caseId: c.id,
      });
      return;
    }
    const staff = await this.users.activeStaff(em);
    if (step === 'overdue') {
      const managers = staff.filter((u) => u.departmentId === c.departmentId && u.roles.includes('dept_manager'));
      const title = `超期通知：案卷 #${c.id} 已超过处置时限`;
      const body = `${where}。处置时限 ${deadline} 已过，请督促处理`;
      if (managers.length === 0 && c.departmentId !== null)
        await this.notices.notifyStaff(em, { departmentId: c.departmentId, kind: 'case_overdue', title, body, caseId: c.id });
      for (const m of managers) await this.notices.notifyStaff(em, { userId: m.id, kind: 'case_overdue', title, body, caseId: c.id });
      return;
    }
    for (const d of staff.filter((u) => u.roles.includes('dispatcher'))) {
      await this.notices.notifyStaff(em, {
        userId: d.id,
        kind: 'case_circular',
        title: `列入通报：案卷 #${c.id} 超过两倍处置时限`,
        body: `${where}。处置时限 ${deadline}，已列入爱卫办通报名单`,
        caseId: c.id,
      });
    }
  }
}

/** "3 小时 20 分" until the deadline (the reminder fires at half time, so it is never negative in practice). */
export function timeLeft(deadline: Date, now: Date): string {
  const minutes = Math.max(0, Math.round((deadline.getTime() - now.getTime()) / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} 小时${m ? ` ${m} 分` : ''}` : `${m} 分钟`;
}
