import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ContentCheckState } from '@sansui/shared';
import { DataSource, EntityManager, type FindOptionsWhere, In, IsNull, Not } from 'typeorm';
import { retryOnDeadlock, Transactions } from '../database/transactions';
import { Photo } from './photo.entity';

/**
 * The queries other folders need on `photos` beyond intake, serving and rows by id (PhotosService): a report's or a
 * case's photos, and the writes of the content check (verdicts, trace ids, the sweeper's claims) and of moderation.
 * Each takes the caller's entity manager where the caller works in a transaction.
 */
@Injectable()
export class PhotoRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
  ) {}

  /** The photos' perceptual hashes (the duplicate check compares them with every other photo). */
  async hashesOf(ids: readonly number[], em: EntityManager = this.db.manager): Promise<Pick<Photo, 'id' | 'phash'>[]> {
    return ids.length ? em.getRepository(Photo).find({ select: { id: true, phash: true }, where: { id: In([...ids]) } }) : [];
  }

  /** The ids of a report's photos, ascending. */
  async idsOfReport(em: EntityManager, reportId: number): Promise<number[]> {
    const rows = await em.getRepository(Photo).find({ where: { reportId }, select: { id: true }, order: { id: 'ASC' } });
    return rows.map((p) => p.id);
  }

  /** A report's photos, locked on MariaDB (a moderator's decision changes them). */
  ofReportForUpdate(em: EntityManager, reportId: number): Promise<Photo[]> {
    return em.getRepository(Photo).find({ where: { reportId }, ...this.tx.forUpdate() });
  }

  /** The newest `take` photos of a case, leaving out `exceptIds`. */
  newestOfCase(em: EntityManager, caseId: number, exceptIds: readonly number[], take: number): Promise<Photo[]> {
    const except = exceptIds.length ? { id: Not(In([...exceptIds])) } : {};
    return em.getRepository(Photo).find({ where: { caseId, ...except }, order: { id: 'DESC' }, take });
  }

  /**
   * The photos carrying these image checks' trace ids (pushed verdicts find their photos), in the caller's transaction:
   * one statement for the pushes applied together, the fixed one-row text for a lone push.
   */
  async byTraceIds(em: EntityManager, traceIds: readonly string[]): Promise<Map<string, Pick<Photo, 'id' | 'reportId'>>> {
    const rows: { id: number | string; reportId: number | string | null; contentTraceId: string }[] =
      traceIds.length === 1
        ? await em.query('SELECT id, reportId, contentTraceId FROM photos WHERE contentTraceId = ? LIMIT 1', [traceIds[0]])
        : await em.query(
            `SELECT id, reportId, contentTraceId FROM photos WHERE contentTraceId IN (${traceIds.map(() => '?').join(', ')})`,
            [...traceIds],
          );
    const found = new Map<string, Pick<Photo, 'id' | 'reportId'>>();
    for (const r of rows)
      if (!found.has(r.contentTraceId))
        found.set(r.contentTraceId, { id: Number(r.id), reportId: r.reportId === null ? null : Number(r.reportId) });
    return found;
  }

  /** Sets the content state of these photos (a moderator's decision, the server's own drawings, a check that could not be asked). */
  async setContentChecks(em: EntityManager, ids: readonly number[], state: ContentCheckState): Promise<void> {
    if (ids.length) await em.getRepository(Photo).update({ id: In([...ids]) }, { contentCheck: state });
  }

  /**
   * Records the trace ids WeChat gave photos' image checks (each verdict is pushed with its own), in one statement for
   * photos submitted together: one commit (one flush on SQLite) for the batch. See `claim` on deadlocks.
   */
  async setTraceIds(traced: readonly { id: number; traceId: string }[]): Promise<void> {
    if (traced.length === 0) return;
    // Fixed text for a lone photo (the usual case when the server is not busy); one text per batch size otherwise.
    const [sql, params] =
      traced.length === 1
        ? ['UPDATE photos SET contentTraceId = ? WHERE id = ?', [traced[0].traceId, traced[0].id]]
        : [
            `UPDATE photos SET contentTraceId = CASE id ${traced.map(() => 'WHEN ? THEN ?').join(' ')} END WHERE id IN (${traced.map(() => '?').join(', ')})`,
            [...traced.flatMap((t) => [t.id, t.traceId]), ...traced.map((t) => t.id)],
          ];
    await retryOnDeadlock(() => this.db.query(sql, params));
  }

  /** Claims a photo never submitted to the image check (no trace id yet) for this instance; false when another took it. */
  async claimUnsent(id: number, claim: string): Promise<boolean> {
    return this.claim({ id, contentTraceId: IsNull() }, { contentTraceId: claim });
  }

  /** Claims a still pending photo whose verdict is overdue, if its trace id is still `traceId`; false when another took it. */
  async claimOverdue(id: number, traceId: string, claim: string, now: Date): Promise<boolean> {
    return this.claim({ id, contentTraceId: traceId, contentCheck: 'pending' }, { contentTraceId: claim, contentCheckAskedAt: now });
  }

  /**
   * A conditional UPDATE of the indexed trace id. Concurrent writes of one photo's trace id (two instances' sweeps,
   * the check's answer) can deadlock on MariaDB's secondary index (CI saw it once): the victim's statement is rolled
   * back and run again, and then finds the winner's claim.
   */
  private async claim(where: FindOptionsWhere<Photo>, set: Partial<Pick<Photo, 'contentTraceId' | 'contentCheckAskedAt'>>) {
    return retryOnDeadlock(async () => !!(await this.db.getRepository(Photo).update(where, set)).affected);
  }
}
