import { Injectable } from '@nestjs/common';
import type { PhotoDto, PhotoRole } from '@sansui/shared';
import type { EntityManager } from 'typeorm';
import type { Statement } from '../database/multi-statement';
import type { CaptureInput } from '../uploads/capture-facts';
import type { Photo } from '../uploads/photo.entity';
import { PhotoRepository } from '../uploads/photo.repository';
import { storeDemoScene } from './prepared-scenes';
import { PhotosService, type AttachablePhoto, type IntakePhoto, type PhotoCard } from '../uploads/photos.service';

/** The few things reports need from the uploads module, in one place. */
@Injectable()
export class ReportPhotos {
  constructor(
    private readonly photos: PhotosService,
    private readonly photoRows: PhotoRepository,
  ) {}

  /** Marks the photos as used by this report/case (checks ownership and single use); inside the report's transaction. */
  attach(
    em: EntityManager,
    a: { photoIds: number[]; userId: number; reportId: number | null; caseId: number; role: PhotoRole },
  ): Promise<unknown> {
    if (a.photoIds.length === 0) return Promise.resolve();
    return this.photos.attach(em, a);
  }

  /** What intake needs of the photos (any order), read once before its transaction. */
  rows(ids: number[]): Promise<IntakePhoto[]> {
    return this.photos.intakeRows(ids);
  }

  /** `attach` for rows read with `rows` (same checks, one conditional UPDATE). */
  attachRead<P extends AttachablePhoto>(
    em: EntityManager,
    rows: readonly P[],
    a: { photoIds: number[]; userId: number; reportId: number | null; caseId: number; role: PhotoRole },
  ): Promise<P[]> {
    return this.photos.attachRead(em, rows, a);
  }

  /** attachRead's checks alone, for a caller that sends the UPDATE itself (the submission's one call on MariaDB). */
  attachable<P extends AttachablePhoto>(rows: readonly P[], a: { photoIds: number[]; userId: number }): P[] {
    return this.photos.attachable(rows, a);
  }

  /** attachRead's conditional UPDATE, for a caller that sends it itself (`to`: the report and case as SQL). */
  takeStatement(ids: number[], a: { userId: number; role: PhotoRole }, to: { reportId: Statement; caseId: Statement }): Statement {
    return this.photos.takeStatement(ids, a, to);
  }

  /** The rows as attached, once the caller's UPDATE took them all. */
  markAttached<P extends AttachablePhoto>(
    rows: P[],
    a: { photoIds: number[]; userId: number; reportId: number | null; caseId: number; role: PhotoRole },
  ): P[] {
    return this.photos.markAttached(rows, a);
  }

  /** Stores the generated picture `sceneJpeg(seed)` as if uploaded by `ownerUserId` (demo data), with the capture facts a phone would send; returns the photo id. */
  async createScene(seed: number, ownerUserId: number, capture?: CaptureInput): Promise<number> {
    return (await storeDemoScene(this.photos, seed, ownerUserId, capture ? { capture } : {})).id;
  }

  /** Photos by id, in the given order, as DTOs; `risky` ones are hidden (no url) for residents. */
  async dtos(ids: number[], forResident: boolean, em?: EntityManager): Promise<PhotoDto[]> {
    if (ids.length === 0) return [];
    const rows = await this.photos.byIds(ids, em);
    const byId = new Map(rows.map((p) => [p.id, p]));
    return ids.flatMap((id) => {
      const p = byId.get(id);
      return p ? [this.dto(p, forResident)] : [];
    });
  }

  /** The photos of these reports, oldest first, with only what their DTOs need. */
  cardsOfReports(reportIds: readonly number[]): Promise<PhotoCard[]> {
    return this.photos.cardsOfReports(reportIds);
  }

  /** The evidence and before photos of these cases, oldest first, with only what their DTOs need. */
  cardsOfCases(caseIds: readonly number[]): Promise<PhotoCard[]> {
    return this.photos.cardsOfCases(caseIds);
  }

  /** Marks these photos with a content state (a moderator's decision, the server's own drawings), in the caller's transaction. */
  setContentChecks(em: EntityManager, ids: readonly number[], state: Photo['contentCheck']): Promise<void> {
    return this.photoRows.setContentChecks(em, ids, state);
  }

  /** The instant (ms) the photo links signed at `nowMs` change. */
  linksSameUntil(nowMs: number): number {
    return this.photos.signer.sameUntil(nowMs);
  }

  /** Signed URLs; staff get staff-signed ones (and see hidden photos), residents get no URL for a hidden photo. */
  dto(p: Pick<Photo, 'id' | 'contentCheck' | 'width' | 'height'>, forResident: boolean): PhotoDto {
    return this.photos.toDto(p, { staff: !forResident });
  }
}
