import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AnchorVerifyResult, AuditAnchorDto, AuditAnchorFile } from '@sansui/shared';
import { DataSource } from 'typeorm';
import { AppException } from '../common/errors/app-exception';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { NoticesService } from '../notifications/notices.service';
import { UserRepository } from '../users/user.repository';
import { AuditAnchor } from './audit-anchor.entity';
import { chainHead } from '../audit/audit.service';
import { anchorKey, anchorSignatureValid, signAnchor, toAnchorDto, verifyAgainstAnchors } from './chain-anchors';

/**
 * Anchors of the audit chain (docs/domain.md §9): the head is signed and kept, sent to every auditor as a
 * notice and exported as a signed file they keep; verification compares the chain with the anchors (the
 * server's, or the auditor's file, which a database writer cannot reach).
 */
@Injectable()
export class AnchorsService {
  private readonly logger = new Logger('AuditAnchors');
  private readonly key: Buffer;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly users: UserRepository,
    @Optional() private readonly notices?: NoticesService,
  ) {
    this.key = anchorKey(config.jwt.secret);
  }

  /**
   * Anchors the current head if it moved since the last anchor. A chain that does not verify is never
   * anchored (that would bless the tampering): the auditors are told instead. Returns the new anchor or null.
   */
  async anchorNow(now = new Date()): Promise<AuditAnchorDto | null> {
    const head = await chainHead(this.db);
    const last = await this.db.getRepository(AuditAnchor).findOne({ where: {}, order: { lastId: 'DESC' } });
    if (head.lastId === 0 || (last && last.lastId >= head.lastId)) return null;
    const check = await verifyAgainstAnchors(this.db, last ? [toAnchorDto(last)] : [], 'database', this.key);
    if (!check.ok) {
      await this.tellAuditors(
        '审计链校验未通过，未生成锚点',
        `第一处断裂：${check.firstBrokenId ?? check.brokenAnchors[0]?.lastId ?? '—'}，请立即核查`,
      );
      this.logger.error(`audit chain does not verify; not anchored (${JSON.stringify(check)})`);
      return null;
    }
    const anchoredAt = now.toISOString();
    const dto = { lastId: head.lastId, hash: head.hash, anchoredAt, signature: signAnchor(this.key, { ...head, anchoredAt }) };
    try {
      await this.db.getRepository(AuditAnchor).insert({ ...dto, anchoredAt: now });
    } catch (e) {
      // Another instance anchored the same head first (lastId is unique): it has told the auditors.
      if (await this.db.getRepository(AuditAnchor).exist({ where: { lastId: dto.lastId } })) return null;
      throw e;
    }
    await this.tellAuditors(
      `审计链锚点：第 ${dto.lastId} 条`,
      `${anchoredAt} 审计日志截至第 ${dto.lastId} 条，哈希 ${dto.hash}。请保存本通知或在“审计日志”页下载锚点文件，日后用于校验日志未被改写。`,
    );
    return dto;
  }

  async list(page = 1, pageSize = 50): Promise<{ items: AuditAnchorDto[]; total: number; page: number; pageSize: number }> {
    const [rows, total] = await this.db
      .getRepository(AuditAnchor)
      .findAndCount({ order: { lastId: 'DESC' }, skip: (page - 1) * pageSize, take: pageSize });
    return { items: rows.map(toAnchorDto), total, page, pageSize };
  }

  /** The newest anchor, for the documents that print it (通报, 简报). */
  async latest(): Promise<AuditAnchorDto | null> {
    const row = await this.db.getRepository(AuditAnchor).findOne({ where: {}, order: { lastId: 'DESC' } });
    return row ? toAnchorDto(row) : null;
  }

  async exportFile(): Promise<AuditAnchorFile> {
    const rows = await this.db.getRepository(AuditAnchor).find({ order: { lastId: 'ASC' } });
    return { kind: 'sansui-audit-anchors', exportedAt: new Date().toISOString(), anchors: rows.map(toAnchorDto) };
  }

  /** Against the auditor's file when given (every signature must be ours), else against the stored anchors. */
  async verify(file?: { anchors: AuditAnchorDto[] }): Promise<AnchorVerifyResult> {
    if (file) {
      if (file.anchors.some((a) => !anchorSignatureValid(this.key, a))) throw new AppException('ANCHOR_SIGNATURE_INVALID');
      return verifyAgainstAnchors(this.db, file.anchors, 'file');
    }
    const rows = await this.db.getRepository(AuditAnchor).find({ order: { lastId: 'ASC' } });
    return verifyAgainstAnchors(this.db, rows.map(toAnchorDto), 'database', this.key);
  }

  private async tellAuditors(title: string, body: string): Promise<void> {
    if (!this.notices) return;
    const staff = await this.users.activeStaff(this.db.manager);
    for (const u of staff.filter((x) => x.roles.includes('auditor')))
      await this.notices.notifyStaff(this.db.manager, { userId: u.id, kind: 'audit_anchor', title, body });
  }
}
