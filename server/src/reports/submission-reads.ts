import { Injectable } from '@nestjs/common';
import { MultiStatementCalls } from '../database/multi-statement';
import { Transactions } from '../database/transactions';
import { TriageService, type AssessInput, type TriageAssessment } from '../triage/triage.service';
import { PhotosService, type IntakePhoto } from '../uploads/photos.service';

/** What a submission reads before its writes. */
export interface ReadBeforeWrites {
  /** The submitted photos' rows (for attaching, the similarity check and the image check). */
  photoRows: IntakePhoto[];
  assessment: TriageAssessment;
}

/**
 * The reads before a submission's writes: its photo rows, then the duplicate finder's reads and the routing suggestion.
 * On MariaDB the photo rows, the finder's nearest few and the similar photos' lookups need nothing of each other: they
 * go as one packet, one round trip instead of three (the finder's rare follow-up reads stay their own). SQLite has
 * no round trips and reads them in turn.
 */
@Injectable()
export class SubmissionReads {
  constructor(
    private readonly tx: Transactions,
    private readonly calls: MultiStatementCalls,
    private readonly photos: PhotosService,
    private readonly triage: TriageService,
  ) {}

  async read(input: Omit<AssessInput, 'photoHashes'>): Promise<ReadBeforeWrites> {
    const ids = input.photoIds;
    if (!this.tx.isMysql) {
      const photoRows = ids.length ? await this.photos.intakeRows(ids) : [];
      return { photoRows, assessment: await this.triage.assess({ ...input, photoHashes: photoRows }) };
    }
    const finder = this.triage.assessReads(input);
    const photoRead = ids.length ? [this.photos.intakeRowsStatement(ids)] : [];
    const results = await this.calls.run([...photoRead, ...finder.statements]);
    const photoRows = photoRead.length ? this.photos.intakeRowsOf(results[0] as Parameters<PhotosService['intakeRowsOf']>[0]) : [];
    return { photoRows, assessment: await finder.answer(results.slice(photoRead.length)) };
  }
}
