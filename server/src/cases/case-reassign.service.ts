import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CaseHandlerOptionDto, CaseStaffDetailDto } from '@sansui/shared';
import { DataSource } from 'typeorm';
import { placeText } from '../common/place-text';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import { NoticesService } from '../notifications/notices.service';
import { UserRepository } from '../users/user.repository';
import { canSeeCase, reassignRole } from './case-access';
import { CaseDetailService } from './case-detail.service';
import { CaseEffects } from './case-effects';
import { lockCase, saveCase } from './case-lock';
import { Case } from './case.entity';
import type { ReassignCaseDto } from './dto/case-action.dto';

/**
 * 改派: a department manager (or a dispatcher / admin) hands an in-progress case to another handler of
 * the case's department. The status stays 处置中; the timeline, the audit log and both handlers hear of it.
 */
@Injectable()
export class CaseReassignService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly effects: CaseEffects,
    private readonly users: UserRepository,
    private readonly notices: NoticesService,
    private readonly detail: CaseDetailService,
  ) {}

  /** The handlers a case can be reassigned to (GET /cases/:id/handlers). */
  async handlerOptions(user: AuthUser, id: number): Promise<CaseHandlerOptionDto[]> {
    const c = await this.db.getRepository(Case).findOne({ where: { id } });
    if (!c || !canSeeCase(user, c)) throw new AppException('CASE_NOT_FOUND');
    if (c.departmentId === null) return [];
    const rows = await this.users.departmentStaffWithRole(this.db.manager, c.departmentId, 'handler');
    return rows.map((u) => ({ id: u.id, displayName: u.displayName }));
  }

  async reassign(user: AuthUser, id: number, dto: ReassignCaseDto): Promise<CaseStaffDetailDto> {
    await this.tx.run(async (em) => {
      const c = await lockCase(em, this.tx, user, id, dto.expectedVersion);
      const role = reassignRole(user, c);
      if (!role) throw new AppException(user.roles.includes('dept_manager') ? 'CASE_NOT_IN_DEPARTMENT' : 'CASE_ROLE_NOT_ALLOWED');
      if (c.status !== 'in_progress' || c.departmentId === null)
        throw new AppException('CASE_TRANSITION_NOT_ALLOWED', '只有处置中的案卷可以改派');
      const target = (await this.users.departmentStaffWithRole(em, c.departmentId, 'handler')).find((u) => u.id === dto.handlerUserId);
      if (!target) throw new AppException('CASE_HANDLER_INVALID');
      if (target.id === c.handlerUserId) throw new AppException('CASE_HANDLER_UNCHANGED');
      const from = c.handlerUserId;
      const fromName = from !== null ? await this.effects.actorName(em, from) : null;
      await saveCase(em, c, { handlerUserId: target.id });
      const data = { fromHandlerUserId: from, fromHandlerName: fromName, toHandlerUserId: target.id, toHandlerName: target.displayName };
      await this.effects.event(em, c.id, {
        action: 'reassign',
        fromStatus: c.status,
        toStatus: c.status,
        actorUserId: user.id,
        actorRole: role,
        note: dto.note ?? null,
        data,
      });
      const actorName = await this.effects.actorName(em, user.id);
      await this.effects.auditRecord(em, { id: user.id, name: actorName }, 'reassign', c.id, { role, note: dto.note ?? null, ...data });
      const note = dto.note ? `说明：${dto.note}` : '';
      await this.notices.notifyStaff(em, {
        userId: target.id,
        kind: 'case_reassigned',
        title: `案卷 #${c.id} 改派给您`,
        body: `${actorName}将案卷改派给您处置${note ? `。${note}` : ''}`,
        caseId: c.id,
        place: placeText(c),
      });
      if (from !== null) {
        await this.notices.notifyStaff(em, {
          userId: from,
          kind: 'case_reassigned',
          title: `案卷 #${c.id} 已改派`,
          body: `${actorName}已将案卷改派给${target.displayName}，您无需继续处置${note ? `。${note}` : ''}`,
          caseId: c.id,
          place: placeText(c),
        });
      }
    });
    return this.detail.get(user, id, { afterAction: true });
  }
}
