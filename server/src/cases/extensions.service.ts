import { Injectable } from '@nestjs/common';
import { computeDeadline, type CaseStaffDetailDto } from '@sansui/shared';
import { placeText } from '../common/place-text';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import { NoticesService } from '../notifications/notices.service';
import { chinaTime } from '../notifications/templates';
import { inCaseDepartment } from './case-access';
import { CaseDetailService } from './case-detail.service';
import { CaseEffects } from './case-effects';
import { CaseExtension } from './case-extension.entity';
import { lockCase, saveCase } from './case-lock';
import type { ExtensionDecisionDto, ExtensionRequestDto } from './dto/case-action.dto';

/**
 * 延期申请 (docs/domain.md §7): the case's department asks for more hours while the clock runs (one pending at a
 * time); a dispatcher approves (the deadline moves, so the escalation ladder re-arms) or refuses.
 * Both bump the case version and write one timeline event.
 */
@Injectable()
export class ExtensionsService {
  constructor(
    private readonly tx: Transactions,
    private readonly effects: CaseEffects,
    private readonly notices: NoticesService,
    private readonly detail: CaseDetailService,
  ) {}

  async request(user: AuthUser, id: number, dto: ExtensionRequestDto): Promise<CaseStaffDetailDto> {
    await this.tx.run(async (em) => {
      const c = await lockCase(em, this.tx, user, id, dto.expectedVersion);
      if (!user.roles.some((r) => r === 'handler' || r === 'dept_manager')) throw new AppException('CASE_ROLE_NOT_ALLOWED');
      if (c.status !== 'dispatched' && c.status !== 'in_progress')
        throw new AppException('CASE_TRANSITION_NOT_ALLOWED', '只有派遣或处置中的案卷可以申请延期');
      if (!inCaseDepartment(user, c)) throw new AppException('CASE_NOT_IN_DEPARTMENT');
      const repo = em.getRepository(CaseExtension);
      if (await repo.exists({ where: { caseId: c.id, status: 'pending' } })) throw new AppException('EXTENSION_PENDING');
      const ext = await repo.save(
        repo.create({
          caseId: c.id,
          hours: dto.hours,
          reason: dto.reason,
          status: 'pending',
          requestedBy: user.id,
          decidedBy: null,
          decisionNote: null,
          decidedAt: null,
          deadlineBefore: c.deadline,
          deadlineAfter: null,
        }),
      );
      await saveCase(em, c, {});
      await this.effects.event(em, c.id, {
        action: 'extension_request',
        fromStatus: c.status,
        toStatus: c.status,
        actorUserId: user.id,
        actorRole: user.roles.includes('dept_manager') ? 'dept_manager' : 'handler',
        note: dto.reason,
        data: { extensionId: ext.id, hours: dto.hours, reason: dto.reason },
      });
      await this.notices.notifyRole(em, 'dispatcher', {
        kind: 'extension_requested',
        title: `延期申请：案卷 #${c.id} 申请延期 ${dto.hours} 小时`,
        body: `理由：${dto.reason}`,
        caseId: c.id,
        place: placeText(c),
      });
    });
    return this.detail.get(user, id, { afterAction: true });
  }

  async decide(user: AuthUser, id: number, dto: ExtensionDecisionDto): Promise<CaseStaffDetailDto> {
    await this.tx.run(async (em) => {
      const c = await lockCase(em, this.tx, user, id, dto.expectedVersion);
      if (!user.roles.includes('dispatcher')) throw new AppException('CASE_ROLE_NOT_ALLOWED');
      const repo = em.getRepository(CaseExtension);
      const ext = await repo.findOne({ where: { caseId: c.id, status: 'pending' } });
      if (!ext) throw new AppException('EXTENSION_NOT_FOUND');
      const now = new Date();
      const before = c.deadline;
      const after = dto.approved && before ? computeDeadline(before, ext.hours, this.effects.config.cases.workingHours) : null;
      const claimed = await repo.update(
        { id: ext.id, status: 'pending' },
        {
          status: dto.approved ? 'approved' : 'refused',
          decidedBy: user.id,
          decidedAt: now,
          decisionNote: dto.note ?? null,
          deadlineBefore: before,
          deadlineAfter: after,
        },
      );
      if (claimed.affected === 0) throw new AppException('CASE_VERSION_CONFLICT');
      await saveCase(em, c, after ? { deadline: after } : {});
      const data = {
        extensionId: ext.id,
        approved: dto.approved,
        hours: ext.hours,
        deadlineBefore: before?.toISOString() ?? null,
        deadlineAfter: after?.toISOString() ?? null,
      };
      await this.effects.event(em, c.id, {
        action: 'extension_decide',
        fromStatus: c.status,
        toStatus: c.status,
        actorUserId: user.id,
        actorRole: 'dispatcher',
        note: dto.note ?? null,
        data,
      });
      await this.effects.auditRecord(em, { id: user.id, name: await this.effects.actorName(em, user.id) }, 'extension_decide', c.id, data);
      if (c.departmentId !== null) {
        await this.notices.notifyStaff(em, {
          departmentId: c.departmentId,
          kind: 'extension_decided',
          title: `案卷 #${c.id} 延期申请${dto.approved ? '已同意' : '未同意'}`,
          body: after ? `新的处置时限：${chinaTime(after)}` : (dto.note ?? '请按原时限处置'),
          caseId: c.id,
          place: placeText(c),
        });
      }
    });
    return this.detail.get(user, id, { afterAction: true });
  }
}
