import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hammingDistance, type PhotoDto, type PhotoRole } from '@sansui/shared';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, IsNull, LessThan } from 'typeorm';
import { AppException } from '../common/errors/app-exception';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { caseById } from '../database/case-by-id';
import { changedRows } from '../database/changed-rows';
import type { Statement } from '../database/multi-statement';
import { sqlDate } from '../database/sql-date';
import { Transactions } from '../database/transactions';
import { NO_CAPTURE, type CaptureInput } from './capture-facts';
import { processPhoto, type PhotoJpegEncoder, type ProcessedPhoto } from './image-processor';
import { greyPicture } from './grey-picture';
import { Photo } from './photo.entity';
import { PhotoWindowHashRepository, type WindowCandidate } from './photo-window-hash.repository';
import { PhotoUrlSigner, type PhotoVariant } from './photo-url-signer';
import { hashBlocks, neighbours16 } from './phash';
import { PHOTO_STORAGE, type PhotoStorage } from './storage/photo-storage';
import { windowHashes, type WindowHash } from './window-hashes';
import { directQuery, sqliteArraysUpTo } from '../database/direct-sql';

export interface AttachPhotos {
  userId: number;
  photoIds: number[];
  reportId?: number | null;
  caseId: number;
  role: PhotoRole;
}

/** The columns a photo's DTO needs, and what it belongs to: what the lists read instead of whole rows. */
export type PhotoCard = Pick<Photo, 'id' | 'reportId' | 'caseId' | 'role' | 'contentCheck' | 'width' | 'height'>;

/**
 * What report intake needs of a submitted photo, read once before its transaction: the owner and use for attaching
 * it, the hash for the similarity check, the DTO's columns for the answer and the trace id for the image check.
 */
export type IntakePhoto = Pick<
  Photo,
  'id' | 'ownerUserId' | 'phash' | 'reportId' | 'caseId' | 'role' | 'contentCheck' | 'contentTraceId' | 'width' | 'height'
>;

/** What `attachRead` checks on a photo row before it takes it. */
export type AttachablePhoto = Pick<Photo, 'id' | 'ownerUserId' | 'reportId' | 'caseId' | 'role'>;

/** How a stored image is kept: see `createFromBuffer`. */
export interface StoreOptions {
  keepLocation?: boolean;
  capture?: CaptureInput;
  contentTrusted?: boolean;
}

/** What serving a photo's bytes needs besides them: the ETag and whether it is hidden. */
export type ServedPhoto = Pick<Photo, 'id' | 'sha256' | 'contentCheck'>;

export interface SimilarPhoto {
  photo: Photo;
  distance: number;
}

export interface FindSimilarOptions {
  excludeUserId?: number;
  excludePhotoIds?: number[];
  /** Only photos uploaded in the last N days. */
  sinceDays?: number;
  /** At most this many rows are read per block lookup (default 500). */
  limitPerBlock?: number;
}

/** One of findSimilar's four indexed lookups: a block's values and its condition. */
interface BlockLookup {
  values: number[];
  where: string;
}

/** A photo found by a block lookup, before its distance is checked. */
interface HashRow {
  id: number;
  phash: string;
}

/**
 * Largest distance findSimilar answers exactly. With four 16-bit blocks, two hashes within distance d
 * share a block that differs by at most ⌊d/4⌋ bits (pigeonhole), so the lookup asks each block's index
 * for the block's value and its neighbours within ⌊d/4⌋ bits: 1 value per block for d ≤ 3, 17 for
 * d ≤ 7, 137 for d ≤ 11. Exact (no missed matches) and indexed; beyond 11 the IN lists grow too fast.
 */
export const MAX_SIMILARITY_DISTANCE = 11;

/** findSimilar reads at most this many rows per block lookup unless told otherwise. */
const LIMIT_PER_BLOCK = 500;

/** Photos: storing uploads, handing out signed URLs, attaching them to reports and cases, similarity lookups. */
@Injectable()
export class PhotosService {
  private readonly logger = new Logger(PhotosService.name);
  readonly signer: PhotoUrlSigner;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(PHOTO_STORAGE) private readonly storage: PhotoStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: Transactions,
    private readonly windowRows: PhotoWindowHashRepository,
  ) {
    this.signer = new PhotoUrlSigner(config.jwt.secret);
  }

  /** The encoder of the stored copies (PHOTO_JPEG_ENCODER): what `storeProcessed`'s pictures must be made with. */
  get encoder(): PhotoJpegEncoder {
    return this.config.photoJpegEncoder;
  }

  /**
   * Checks, re-encodes and stores an image for `ownerUserId` with the capture facts its client declared.
   * EXIF GPS/time are read from the original and kept as separate fields with `keepLocation` (the
   * uploader's consent, implied when they declare capture facts themselves or are staff); the stored
   * image never carries metadata. `contentTrusted` is for the product's own drawings (demo data): they are not
   * sent to WeChat's image check and pass as they are stored.
   */
  async createFromBuffer(ownerUserId: number, data: Buffer, opts: StoreOptions = {}): Promise<Photo> {
    return this.storeProcessed(ownerUserId, await processPhoto(data, this.config.photoJpegEncoder), opts);
  }

  /** Stores an image already checked and re-encoded by `processPhoto` with this server's encoder (`createFromBuffer`'s second half). */
  async storeProcessed(ownerUserId: number, p: ProcessedPhoto, opts: StoreOptions = {}): Promise<Photo> {
    const capture = opts.capture ?? NO_CAPTURE;
    const base = `${new Date().toISOString().slice(0, 10).replace(/-/g, '/')}/${randomUUID()}`;
    const storageKey = `${base}.jpg`;
    const thumbKey = `${base}_t.jpg`;
    const [b0, b1, b2, b3] = hashBlocks(p.phash);
    const keep = opts.keepLocation === true;
    try {
      // Both files before the row: a row never points to a file still being written.
      const written = await Promise.allSettled([
        this.storage.put(storageKey, p.image, 'image/jpeg', true), // WeChat's image check downloads it next
        this.storage.put(thumbKey, p.thumb, 'image/jpeg'),
      ]);
      const failed = written.find((w) => w.status === 'rejected');
      if (failed) throw failed.reason; // once both are settled, so the clean-up below removes what was written
      return await this.tx.run(async (em) => {
        const repo = em.getRepository(Photo);
        const photo = await repo.save(
          repo.create({
            ownerUserId,
            storageKey,
            thumbKey,
            mime: 'image/jpeg',
            width: p.width,
            height: p.height,
            bytes: p.image.length,
            sha256: p.sha256,
            phash: p.phash,
            phashBlock0: b0,
            phashBlock1: b1,
            phashBlock2: b2,
            phashBlock3: b3,
            takenAt: keep ? p.exif.takenAt : null,
            gpsLat: keep ? p.exif.gpsLat : null,
            gpsLng: keep ? p.exif.gpsLng : null,
            captureAt: capture.at,
            captureLat: capture.lat,
            captureLng: capture.lng,
            captureAccuracyM: capture.accuracyM,
            captureSource: capture.source,
            contentCheck: opts.contentTrusted ? 'pass' : 'pending',
            contentTraceId: null,
            reportId: null,
            caseId: null,
            role: null,
          }),
        );
        await this.windowRows.insert(photo.id, p.windows, em);
        return photo;
      });
    } catch (e) {
      await Promise.allSettled([this.storage.delete(storageKey), this.storage.delete(thumbKey)]);
      throw e;
    }
  }

  /**
   * Marks photos as used by a report / case action, inside the caller's transaction. Each must exist
   * (PHOTO_NOT_FOUND), belong to `userId` (PHOTO_NOT_OWNED) and be unused (PHOTO_ALREADY_USED). The rows
   * are locked (SELECT … FOR UPDATE on MySQL), so two transactions cannot both take one photo.
   */
  async attach(em: EntityManager, a: AttachPhotos): Promise<Photo[]> {
    if (a.photoIds.length === 0) return [];
    const rows = await em
      .getRepository(Photo)
      .find({ where: { id: In([...new Set(a.photoIds)]) }, order: { id: 'ASC' }, ...this.tx.forUpdate() });
    return this.attachRead(em, rows, a);
  }

  /**
   * `attach` for photos the caller has already read (report intake reads them before its transaction
   * for the similarity check): the same checks on those rows, then one conditional UPDATE that takes only
   * photos still unused and owned by `userId`, so a photo taken meanwhile fails with PHOTO_ALREADY_USED.
   */
  async attachRead<P extends AttachablePhoto>(em: EntityManager, rows: readonly P[], a: AttachPhotos): Promise<P[]> {
    if (a.photoIds.length === 0) return [];
    const mine = this.attachable(rows, a);
    const ids = mine.map((p) => p.id);
    const take = this.takeStatement(ids, a, {
      reportId: { sql: '?', params: [a.reportId ?? null] },
      caseId: { sql: '?', params: [a.caseId] },
    });
    const taken = await changedRows(em, take.sql, take.params);
    if (taken !== ids.length) throw new AppException('PHOTO_ALREADY_USED');
    return this.markAttached(mine, a);
  }

  /**
   * The conditional UPDATE that takes `ids` only if each is still unused and the user's; its changed-row count says
   * whether all were. `to` gives the report and case as SQL: a bound value, or a session variable of a multi-statement
   * call (`@r`, `@c`). Written out (one per report): TypeORM's update builder assembled the same text every time.
   */
  takeStatement(ids: number[], a: Pick<AttachPhotos, 'userId' | 'role'>, to: { reportId: Statement; caseId: Statement }): Statement {
    return {
      sql: `UPDATE photos SET reportId = ${to.reportId.sql}, caseId = ${to.caseId.sql}, role = ? WHERE id IN (${ids.map(() => '?').join(', ')}) AND ownerUserId = ? AND caseId IS NULL AND reportId IS NULL`,
      params: [...to.reportId.params, ...to.caseId.params, a.role, ...ids, a.userId],
    };
  }

  /**
   * attachRead's checks on rows read before the transaction, in `a.photoIds`' order: each exists (PHOTO_NOT_FOUND),
   * is the user's (PHOTO_NOT_OWNED) and unused (PHOTO_ALREADY_USED). Its conditional UPDATE is the caller's to run.
   */
  attachable<P extends AttachablePhoto>(rows: readonly P[], a: Pick<AttachPhotos, 'photoIds' | 'userId'>): P[] {
    const ids = [...new Set(a.photoIds)];
    if (ids.length !== a.photoIds.length) throw new AppException('PHOTO_ALREADY_USED', '同一张照片不能重复使用');
    const byId = new Map(rows.map((p) => [p.id, p]));
    const mine = ids.flatMap((id) => byId.get(id) ?? []);
    if (mine.length !== ids.length) throw new AppException('PHOTO_NOT_FOUND');
    if (mine.some((p) => p.ownerUserId !== a.userId)) throw new AppException('PHOTO_NOT_OWNED');
    if (mine.some((p) => p.reportId !== null || p.caseId !== null || p.role !== null)) throw new AppException('PHOTO_ALREADY_USED');
    return mine;
  }

  /** The rows as attached (after the UPDATE took them all). */
  markAttached<P extends AttachablePhoto>(mine: P[], a: AttachPhotos): P[] {
    const reportId = a.reportId ?? null;
    return mine.map((p) => Object.assign(p, { reportId, caseId: a.caseId, role: a.role }));
  }

  /** The API view with signed URLs. Hidden (`risky`) photos: residents get no URL; staff get staff-signed URLs. */
  toDto(photo: Pick<Photo, 'id' | 'contentCheck' | 'width' | 'height'>, opts: { staff: boolean } = { staff: false }): PhotoDto {
    const hidden = photo.contentCheck === 'risky';
    if (hidden && !opts.staff) return { id: photo.id, url: '', thumbUrl: '', width: photo.width, height: photo.height, hidden: true };
    return {
      id: photo.id,
      url: this.url(photo.id, 'image', opts.staff),
      thumbUrl: this.url(photo.id, 'thumb', opts.staff),
      width: photo.width,
      height: photo.height,
      ...(hidden ? { hidden: true } : {}),
    };
  }

  /** Absolute signed URL of a photo variant. */
  url(id: number, variant: PhotoVariant, staff: boolean): string {
    return `${this.config.publicBaseUrl}/api/v1/photos/${id}/${variant}?${this.signer.query(id, variant, staff)}`;
  }

  /** The photos of these reports as cards, oldest first (a list's photos: one lean query for the page). */
  cardsOfReports(reportIds: readonly number[]): Promise<PhotoCard[]> {
    if (reportIds.length === 0) return Promise.resolve([]);
    return this.cards(`reportId IN (${reportIds.map(() => '?').join(', ')})`, reportIds);
  }

  /** Every photo row of these cases, oldest first (a case's detail page sorts them by role). */
  async ofCases(caseIds: readonly number[]): Promise<Photo[]> {
    return caseIds.length ? this.db.getRepository(Photo).find({ where: { caseId: In([...caseIds]) }, order: { id: 'ASC' } }) : [];
  }

  /** These photo rows, in one read (an unknown id is absent). */
  async byIds(ids: readonly number[], em: EntityManager = this.db.manager): Promise<Photo[]> {
    return ids.length ? em.getRepository(Photo).find({ where: { id: In([...ids]) } }) : [];
  }

  /** The rows report intake reads of the photos it was given (an unknown id is absent), in one fixed-text statement. */
  async intakeRows(ids: readonly number[]): Promise<IntakePhoto[]> {
    if (ids.length === 0) return [];
    const read = this.intakeRowsStatement(ids);
    return this.intakeRowsOf(await directQuery<Record<keyof IntakePhoto, unknown>[]>(this.db, read.sql, read.params));
  }

  /** `intakeRows`' statement, for a caller that sends it with others (MariaDB's reads before a submission, one packet). */
  intakeRowsStatement(ids: readonly number[]): Statement {
    return {
      sql: `SELECT id, ownerUserId, phash, reportId, caseId, role, contentCheck, contentTraceId, width, height FROM photos WHERE id IN (${ids.map(() => '?').join(', ')})`,
      params: [...ids],
    };
  }

  /** The rows `intakeRowsStatement` read, typed. */
  intakeRowsOf(rows: readonly Record<keyof IntakePhoto, unknown>[]): IntakePhoto[] {
    return rows.map((r) => ({
      id: Number(r.id),
      ownerUserId: Number(r.ownerUserId),
      phash: r.phash as string,
      reportId: r.reportId === null ? null : Number(r.reportId),
      caseId: r.caseId === null ? null : Number(r.caseId),
      role: r.role as IntakePhoto['role'],
      contentCheck: r.contentCheck as IntakePhoto['contentCheck'],
      contentTraceId: r.contentTraceId as string | null,
      width: Number(r.width),
      height: Number(r.height),
    }));
  }

  /** Which of these photos no report, case or role uses yet, in the caller's transaction. */
  async unattachedAmong(em: EntityManager, ids: readonly number[]): Promise<number[]> {
    if (ids.length === 0) return [];
    const rows = await em
      .getRepository(Photo)
      .find({ select: { id: true }, where: { id: In([...ids]), reportId: IsNull(), caseId: IsNull(), role: IsNull() } });
    return rows.map((p) => p.id);
  }

  /**
   * Photos a staff member attaches to a record of their own (a finding, a 整改回复): each exists (404 PHOTO_NOT_FOUND),
   * was uploaded by them (PHOTO_NOT_OWNED) and is not used by a report or case yet (PHOTO_ALREADY_USED).
   */
  async assertUnusedOwnPhotos(em: EntityManager, ids: readonly number[], userId: number): Promise<void> {
    const rows = await this.byIds(ids, em);
    if (rows.length !== ids.length) throw new AppException('PHOTO_NOT_FOUND');
    if (rows.some((p) => p.ownerUserId !== userId)) throw new AppException('PHOTO_NOT_OWNED');
    if (rows.some((p) => p.reportId !== null || p.caseId !== null || p.role !== null)) throw new AppException('PHOTO_ALREADY_USED');
  }

  /** The evidence and before photos of these cases as cards, oldest first (the thumbnails of a case list). */
  cardsOfCases(caseIds: readonly number[]): Promise<PhotoCard[]> {
    if (caseIds.length === 0) return Promise.resolve([]);
    return this.cards(`caseId IN (${caseIds.map(() => '?').join(', ')}) AND role IN ('evidence', 'before')`, caseIds);
  }

  private async cards(where: string, params: readonly number[]): Promise<PhotoCard[]> {
    const rows: Record<keyof PhotoCard, unknown>[] = await this.db.query(
      `SELECT id, reportId, caseId, role, contentCheck, width, height FROM photos WHERE ${where} ORDER BY id`,
      [...params],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      reportId: r.reportId === null ? null : Number(r.reportId),
      caseId: r.caseId === null ? null : Number(r.caseId),
      role: r.role as PhotoCard['role'],
      contentCheck: r.contentCheck as PhotoCard['contentCheck'],
      width: Number(r.width),
      height: Number(r.height),
    }));
  }

  /** The perceptual hashes of a report's photos (the fraud check compares them with every other photo). */
  hashesOfReport(reportId: number, em: EntityManager = this.db.manager): Promise<Pick<Photo, 'id' | 'phash'>[]> {
    return em.getRepository(Photo).find({ where: { reportId }, select: { id: true, phash: true } });
  }

  /**
   * Photos whose perceptual hash is within `maxDistance` bits of `phash`, nearest first. Uses the
   * phashBlock0..3 indexes (see MAX_SIMILARITY_DISTANCE for why this finds every match up to 11),
   * then the exact Hamming distance in JS. No full scan. Each item is `{photo, distance}`.
   */
  async findSimilar(
    phash: string,
    maxDistance = 6,
    opts: FindSimilarOptions = {},
    em: EntityManager = this.db.manager,
  ): Promise<SimilarPhoto[]> {
    if (maxDistance < 0 || maxDistance > MAX_SIMILARITY_DISTANCE)
      throw new Error(`findSimilar supports distances 0..${MAX_SIMILARITY_DISTANCE}`);
    const blocks = hashBlocks(phash.toLowerCase());
    const radius = Math.floor(maxDistance / 4);
    // One statement of the four indexed block lookups; whole rows are read only for the few within the distance.
    const filters: string[] = [];
    const filterParams: (number | string | Date)[] = [];
    if (opts.excludeUserId !== undefined) {
      filters.push('ownerUserId <> ?');
      filterParams.push(opts.excludeUserId);
    }
    if (opts.excludePhotoIds?.length) {
      filters.push(`id NOT IN (${opts.excludePhotoIds.map(() => '?').join(', ')})`);
      filterParams.push(...opts.excludePhotoIds);
    }
    if (opts.sinceDays !== undefined) {
      filters.push('createdAt >= ?');
      filterParams.push(sqlDate(em, new Date(Date.now() - opts.sinceDays * 86400_000)));
    }
    const limit = opts.limitPerBlock ?? LIMIT_PER_BLOCK;
    const lookups = blocks.map((block, i): BlockLookup => {
      const values = neighbours16(block, radius);
      return { values, where: [`phashBlock${i} IN (${values.map(() => '?').join(', ')})`, ...filters].join(' AND ') };
    });
    const candidates =
      (!this.tx.isMysql && this.sqliteCandidates(em, lookups, filterParams, limit)) ||
      (await this.limitedCandidates(em, lookups, filterParams, limit));
    const distances = new Map<number, number>();
    for (const c of candidates) {
      const d = hammingDistance(phash, c.phash);
      if (d <= maxDistance) distances.set(Number(c.id), d);
    }
    if (distances.size === 0) return [];
    const rows = await em.getRepository(Photo).find({ where: { id: In([...distances.keys()]) } });
    return rows
      .map((photo) => ({ photo, distance: distances.get(photo.id)! }))
      .sort((a, b) => a.distance - b.distance || b.photo.id - a.photo.id);
  }

  /**
   * MariaDB: findSimilar's block lookups for stored photos named by id, as one statement that needs no earlier read, so
   * that it can go in one packet with other reads: each member reads the photo's own row by primary key (a constant to
   * the optimizer) and looks its block's neighbours up in the block's index, newest `limitPerBlock` by id, as
   * `limitedCandidates`. Each row is a candidate with the photo it was found for (`src`, `srcHash`) and its case.
   * The XORs are cast to signed: beside an unsigned BIGINT in the list, MariaDB does not range-scan the INT block index.
   */
  similarCandidatesStatement(photoIds: readonly number[], maxDistance: number, opts: { excludePhotoIds: readonly number[] }): Statement {
    if (maxDistance < 0 || maxDistance > MAX_SIMILARITY_DISTANCE)
      throw new Error(`findSimilar supports distances 0..${MAX_SIMILARITY_DISTANCE}`);
    const masks = neighbours16(0, Math.floor(maxDistance / 4));
    const excluded = opts.excludePhotoIds.length ? ` AND s.id NOT IN (${opts.excludePhotoIds.map(() => '?').join(', ')})` : '';
    const params: unknown[] = [];
    const members = photoIds.flatMap((id) =>
      [0, 1, 2, 3].map((i) => {
        const block = `p.phashBlock${i}`;
        const values = masks.map((m) => (m === 0 ? block : `CAST(${block} ^ ${m} AS SIGNED)`)).join(', ');
        params.push(id, ...opts.excludePhotoIds, LIMIT_PER_BLOCK);
        return (
          `(SELECT p.id AS src, p.phash AS srcHash, s.id, s.phash, s.caseId FROM photos p INNER JOIN photos s ON s.phashBlock${i} IN (${values})` +
          ` WHERE p.id = ?${excluded} ORDER BY s.id DESC LIMIT ?)`
        );
      }),
    );
    return { sql: members.join(' UNION ALL '), params };
  }

  /**
   * The block lookups' rows, each lookup's newest `limit` by id, in one statement: the four indexed lookups as a UNION ALL
   * of (id, phash). Written out rather than built with TypeORM's query builder (four builders per photo of every report
   * cost more CPU than the statement); the text depends only on the options' shape, so both drivers reuse it.
   */
  private limitedCandidates(
    em: EntityManager,
    lookups: readonly BlockLookup[],
    filterParams: unknown[],
    limit: number,
  ): Promise<HashRow[]> {
    const params: unknown[] = [];
    const parts = lookups.map(({ values, where }, i) => {
      params.push(...values, ...filterParams, limit);
      const member = `SELECT id, phash FROM photos WHERE ${where} ORDER BY id DESC LIMIT ?`;
      // SQLite takes a member's ORDER BY … LIMIT only inside a derived table; MariaDB takes it in parentheses, without
      // materialising each member in a temporary table (4 a call otherwise).
      return this.tx.isMysql ? `(${member})` : `SELECT * FROM (${member}) b${i}`;
    });
    return em.query(parts.join(' UNION ALL '), params);
  }

  /**
   * On SQLite, the same rows as `limitedCandidates` when every match can be read: the lookups without their sort, each
   * lookup's newest `limit` picked here. SQLite sorted each lookup's few rows in a temporary b-tree of its own, which
   * cost about twice the lookups. Null when more than four lookups' worth of rows match (the rows were not all read).
   */
  private sqliteCandidates(em: EntityManager, lookups: readonly BlockLookup[], filterParams: unknown[], limit: number): HashRow[] | null {
    const sql = lookups.map(({ where }, i) => `SELECT ${i} AS b, id, phash FROM photos WHERE ${where}`).join(' UNION ALL ');
    const params = lookups.flatMap(({ values }) => [...values, ...filterParams]);
    const read = sqliteArraysUpTo(em.connection, sql, params, lookups.length * limit);
    if (read.more) return null;
    const byLookup = lookups.map(() => [] as HashRow[]);
    for (const [b, id, phash] of read.rows) byLookup[Number(b)].push({ id: Number(id), phash: String(phash) });
    return byLookup.flatMap((rows) => (rows.length > limit ? rows.sort((x, y) => y.id - x.id).slice(0, limit) : rows));
  }

  /** The photo's window hashes: stored ones, or computed from its thumbnail when it has none yet. */
  async windowHashesOf(photo: Photo, em: EntityManager = this.db.manager): Promise<WindowHash[]> {
    const stored = await this.windowRows.of(photo.id, em);
    if (stored.length) return stored;
    const thumb = await this.storage.get(photo.thumbKey);
    return thumb ? windowHashes(await greyPicture(thumb)) : [];
  }

  /**
   * Photos the given one may be cut out of, or that may be cut out of it (window hashes, indexed lookups;
   * see PhotoWindowHashRepository.candidates), nearest first. Candidates only: the pixels decide.
   */
  async cutOutCandidates(photo: Photo, excludePhotoIds: number[], em: EntityManager = this.db.manager): Promise<WindowCandidate[]> {
    return this.windowRows.candidates(await this.windowHashesOf(photo, em), [photo.id, ...excludePhotoIds], em);
  }

  /**
   * Computes the window hashes of up to `limit` photos with ids above `afterId` that have none (stored before
   * the table existed). Returns the last id looked at (null when there were none left) and how many got hashes;
   * a photo whose thumbnail is gone, or that is featureless, stays without and is passed over.
   */
  async backfillWindowHashes(afterId: number, limit = 50): Promise<{ lastId: number | null; hashed: number }> {
    const ids = await this.windowRows.photosWithout(afterId, limit);
    let hashed = 0;
    for (const id of ids) {
      const photo = await this.db.getRepository(Photo).findOneBy({ id });
      const thumb = photo ? await this.storage.get(photo.thumbKey) : null;
      const hashes = thumb ? windowHashes(await greyPicture(thumb)) : [];
      if (hashes.length === 0) continue;
      await this.tx.run(async (em) => {
        await this.windowRows.deleteOf([id], em);
        await this.windowRows.insert(id, hashes, em);
      });
      hashed++;
    }
    return { lastId: ids.length ? ids[ids.length - 1] : null, hashed };
  }

  /**
   * Bytes of a photo variant, for the signed-URL endpoint (WeChat's image check downloads every report photo
   * through it); null when gone. Reads the four columns it needs in one fixed statement, not the whole row.
   */
  async read(id: number, variant: PhotoVariant): Promise<{ photo: ServedPhoto; data: Buffer } | null> {
    const [row]: { storageKey: string; thumbKey: string; sha256: string; contentCheck: Photo['contentCheck'] }[] = await this.db.query(
      'SELECT storageKey, thumbKey, sha256, contentCheck FROM photos WHERE id = ?',
      [id],
    );
    if (!row) return null;
    const data = await this.storage.get(variant === 'image' ? row.storageKey : row.thumbKey);
    return data ? { photo: { id, sha256: row.sha256, contentCheck: row.contentCheck }, data } : null;
  }

  /**
   * A photo's case and content state for applying an image verdict, in the caller's transaction; a locking read on
   * MariaDB (the caller locks the report first: report → photo → case). Fixed text: one verdict per report photo.
   */
  async verdictStateOf(em: EntityManager, id: number): Promise<Pick<Photo, 'caseId' | 'contentCheck'> | null> {
    const [row]: { caseId: number | string | null; contentCheck: Photo['contentCheck'] }[] = await em.query(
      `SELECT caseId, contentCheck FROM photos WHERE id = ?${this.tx.isMysql ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row ? { caseId: row.caseId === null ? null : Number(row.caseId), contentCheck: row.contentCheck } : null;
  }

  /**
   * Sets photos' content states (image verdicts), in the caller's transaction: a lone photo's in the fixed one-row text,
   * the photos of verdicts applied together in one `CASE id` statement.
   */
  async setContentChecks(em: EntityManager, states: readonly { id: number; state: Photo['contentCheck'] }[]): Promise<void> {
    if (states.length === 0) return;
    if (states.length === 1)
      return void (await em.query('UPDATE photos SET contentCheck = ? WHERE id = ?', [states[0].state, states[0].id]));
    const state = caseById(states.map((s) => ({ id: s.id, value: s.state })));
    await em.query(`UPDATE photos SET contentCheck = ${state.sql} WHERE id IN (${states.map(() => '?').join(', ')})`, [
      ...state.params,
      ...states.map((s) => s.id),
    ]);
  }

  /**
   * Every photo of these reports with its report, case and content state, in the caller's transaction, locked on MariaDB
   * (the caller locks the reports first: reports → photos → case): image verdicts read the photos they change and the
   * reports' other photos (a report's verdict is the worst of them) in this one statement. Fixed text for one report.
   */
  async verdictStatesOfReports(
    em: EntityManager,
    reportIds: readonly number[],
  ): Promise<(Pick<Photo, 'id' | 'caseId' | 'contentCheck'> & { reportId: number })[]> {
    if (reportIds.length === 0) return [];
    const lock = this.tx.isMysql ? ' FOR UPDATE' : '';
    const rows: { id: number | string; reportId: number | string; caseId: number | string | null; contentCheck: Photo['contentCheck'] }[] =
      reportIds.length === 1
        ? await em.query(`SELECT id, reportId, caseId, contentCheck FROM photos WHERE reportId = ?${lock}`, [reportIds[0]])
        : await em.query(
            `SELECT id, reportId, caseId, contentCheck FROM photos WHERE reportId IN (${reportIds.map(() => '?').join(', ')})${lock}`,
            [...reportIds],
          );
    return rows.map((r) => ({
      id: Number(r.id),
      reportId: Number(r.reportId),
      caseId: r.caseId === null ? null : Number(r.caseId),
      contentCheck: r.contentCheck,
    }));
  }

  /** Photos attached to a report (the public board's count; a case's staff photos are not counted). */
  async countAttachedToReports(): Promise<number> {
    const [row] = await this.db.query('SELECT COUNT(*) AS n FROM photos p WHERE p.reportId IS NOT NULL');
    return Number(row?.n ?? 0);
  }

  /** Deletes photos never attached to anything and older than `olderThanHours` (abandoned uploads). Returns how many. */
  async purgeUnattached(olderThanHours = 24, batch = 200): Promise<number> {
    const repo = this.db.getRepository(Photo);
    const old = await repo.find({
      where: { reportId: IsNull(), caseId: IsNull(), createdAt: LessThan(new Date(Date.now() - olderThanHours * 3600_000)) },
      take: batch,
      order: { id: 'ASC' },
    });
    let removed = 0;
    for (const p of old) {
      // Delete the row first (only if still unattached), then the files: a photo attached meanwhile keeps both.
      const res = await repo.createQueryBuilder().delete().from(Photo).where({ id: p.id, reportId: IsNull(), caseId: IsNull() }).execute();
      if (!res.affected) continue;
      await this.windowRows.deleteOf([p.id]);
      await Promise.allSettled([this.storage.delete(p.storageKey), this.storage.delete(p.thumbKey)]);
      removed++;
    }
    if (removed) this.logger.log(`purged ${removed} unattached photos`);
    return removed;
  }
}
