import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { CaseLifecycle } from '../cases/case-lifecycle.service';
import type { Case, TriageRecord } from '../cases/case.entity';
import type { Category } from '../categories/category.entity';
import { AppException } from '../common/errors/app-exception';
import type { Statement } from '../database/multi-statement';
import { RoutingService } from '../routing/routing.service';
import type { Photo } from '../uploads/photo.entity';
import { PhotosService } from '../uploads/photos.service';
import { ContentSecurityService, type CheckedPhoto, type ImageCheckRequest } from '../wechat/content-security/content-security.service';
import { DuplicateFinder, type DuplicateCandidate, type DuplicateQuery } from './duplicate-finder.service';

/** External calls of the pipeline never hold up a report for longer than this. */
const EXTERNAL_TIMEOUT_MS = 5000;

export type TextVerdict = 'pass' | 'review' | 'risky' | 'skipped' | 'error';

/** Where and what a new report is, as `assess` judges it. */
export interface AssessInput {
  category: Category;
  lat: number;
  lng: number;
  gridId: number;
  photoIds: number[];
  photoHashes?: readonly Pick<Photo, 'id' | 'phash'>[];
}

export interface TriageAssessment {
  duplicates: DuplicateCandidate[];
  /** Same category within the category's radius: the auto-merge target when the category says so. */
  nearest: DuplicateCandidate | null;
  routing: NonNullable<TriageRecord['routing']>;
}

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The triage pipeline of docs/domain.md §6 for a new report. Steps that call out (content check) or read
 * widely (duplicates, routing) run before the report's transaction; the auto-merge, which changes
 * case state, runs inside it. Each step's outcome is stored on `Case.triage`.
 */
@Injectable()
export class TriageService {
  private readonly logger = new Logger(TriageService.name);

  constructor(
    private readonly areas: AreasService,
    private readonly content: ContentSecurityService,
    private readonly routing: RoutingService,
    private readonly duplicates: DuplicateFinder,
    private readonly lifecycle: CaseLifecycle,
    private readonly photos: PhotosService,
  ) {}

  /** Step 2: the grid holding the point, or OUTSIDE_SERVICE_AREA. */
  async serviceArea(lat: number, lng: number): Promise<NonNullable<TriageRecord['serviceArea']> & { gridId: number }> {
    const grid = (await this.areas.locateGrid(lat, lng)) as { id: number; name?: string } | null;
    if (!grid) throw new AppException('OUTSIDE_SERVICE_AREA');
    return { gridId: grid.id, gridName: grid.name ?? null };
  }

  /** Step 3 (text): WeChat msg_sec_check through the adapter. A failure or timeout does not lose the report: it goes to review. */
  async checkText(text: string | null | undefined, openid: string | null): Promise<TextVerdict> {
    if (!text || !text.trim()) return 'skipped';
    try {
      const result = (await withTimeout(
        Promise.resolve(this.content.checkText(text, openid)),
        EXTERNAL_TIMEOUT_MS,
        'msg_sec_check',
      )) as unknown;
      const suggest = typeof result === 'string' ? result : (result as { suggest?: string })?.suggest;
      return suggest === 'risky' || suggest === 'review' || suggest === 'pass' ? suggest : 'error';
    } catch (e) {
      this.logger.warn(`content check of text failed, sending the report to review: ${(e as Error).message}`);
      return 'error';
    }
  }

  /** Steps 4 and 5: duplicate candidates and the routing suggestion. */
  async assess(input: AssessInput): Promise<TriageAssessment> {
    const { candidates, nearest } = await this.duplicates.find(this.duplicateQuery(input));
    return this.assessment(input, candidates, nearest);
  }

  /**
   * MariaDB: `assess` with the duplicate finder's first reads handed to the caller, who sends them in one packet with
   * its own; `answer` takes their results in order.
   */
  assessReads(input: AssessInput): { statements: Statement[]; answer(results: readonly unknown[]): Promise<TriageAssessment> } {
    const reads = this.duplicates.firstReads(this.duplicateQuery(input));
    return {
      statements: reads.statements,
      answer: async (results) => {
        const { candidates, nearest } = await reads.answer(results);
        return this.assessment(input, candidates, nearest);
      },
    };
  }

  private duplicateQuery(input: AssessInput): DuplicateQuery {
    return { category: input.category, lat: input.lat, lng: input.lng, photoIds: input.photoIds, photoHashes: input.photoHashes };
  }

  private async assessment(
    input: AssessInput,
    duplicates: DuplicateCandidate[],
    nearest: DuplicateCandidate | null,
  ): Promise<TriageAssessment> {
    return { duplicates, nearest, routing: await this.suggestRouting(input.category.code, input.lat, input.lng, input.gridId) };
  }

  async suggestRouting(
    categoryCode: string,
    lat: number,
    lng: number,
    gridId: number | null,
  ): Promise<NonNullable<TriageRecord['routing']>> {
    try {
      const s = (await this.routing.suggest({ categoryCode, lat, lng, gridId })) as {
        departmentId: number | null;
        explanation: string;
        rule: string;
      } | null;
      if (s) return { departmentId: s.departmentId ?? null, explanation: s.explanation, rule: s.rule };
    } catch (e) {
      this.logger.warn(`routing suggestion failed: ${(e as Error).message}`);
    }
    return { departmentId: null, explanation: '无法自动匹配责任部门，请调度员手动选择', rule: 'none' };
  }

  /** Whether autoMerge would try to merge a new case of this category into `target`. */
  mergesOnArrival(category: Category, target: DuplicateCandidate | null): target is DuplicateCandidate {
    return category.autoMerge && target !== null;
  }

  /**
   * Auto-merge (inside the report's transaction): when the category is configured for it and an open
   * case of the same category lies within the radius, the new case moves submitted → merged
   * ('merge' by 'system') through the case lifecycle. Returns the master case id, or null.
   */
  async autoMerge(em: EntityManager, caseRow: Case, category: Category, target: DuplicateCandidate | null): Promise<number | null> {
    if (!this.mergesOnArrival(category, target)) return null;
    const merged = await this.lifecycle.merge(
      em,
      caseRow,
      target.caseId,
      { userId: null, role: 'system', name: 'system' },
      {
        note: `自动合并：${target.reason}`,
        data: { distanceM: target.distanceM, auto: true },
        patch: { triage: { ...caseRow.triage, autoMerge: { masterCaseId: target.caseId } } },
      },
    );
    return merged ? target.caseId : null;
  }

  /** Step 3 (images), after commit: WeChat's asynchronous media check; verdicts arrive later and may hide photos and flag the case. */
  async submitImages(photoIds: number[] | readonly CheckedPhoto[], openid: string | null): Promise<void> {
    if (photoIds.length === 0) return;
    await this.sendOrLeavePending(async () => {
      const photos = photoIds.every((p): p is CheckedPhoto => typeof p === 'object')
        ? [...photoIds]
        : await this.photos.byIds(photoIds as number[]);
      await this.content.submitImageBatch(photos.map((photo) => ({ photo, openid })));
    });
  }

  /** Step 3 for the photos of several reports queued together after their answers, as one batch. */
  async submitImageBatch(requests: readonly ImageCheckRequest[]): Promise<void> {
    if (requests.length > 0) await this.sendOrLeavePending(() => this.content.submitImageBatch(requests));
  }

  /** A send that fails or outlasts its calls' timeouts leaves its photos pending, for the sweeper. */
  private async sendOrLeavePending(send: () => Promise<void>): Promise<void> {
    try {
      await withTimeout(send(), EXTERNAL_TIMEOUT_MS * 2, 'media_check_async');
    } catch (e) {
      this.logger.warn(`image content check could not be submitted (photos stay pending): ${(e as Error).message}`);
    }
  }
}
