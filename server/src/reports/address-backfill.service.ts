import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { CaseLifecycle } from '../cases/case-lifecycle.service';
import { CaseReads } from '../cases/case-reads';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { caseById } from '../database/case-by-id';
import { Transactions } from '../database/transactions';
import { GeocodeError, ReverseGeocoder, type PlaceDescription } from '../geo/reverse-geocoder';
import { Report } from './report.entity';

const BATCH = 50;

/**
 * Fills in the addresses geocoding could not give at submission (outage, quota, slow answer): reports
 * first, then cases (a case takes its first report's address, or is geocoded itself — cases opened by
 * other routes than a report have none). Stops a run at the first failure that is not about one point.
 */
@Injectable()
export class AddressBackfillService {
  private readonly logger = new Logger('AddressBackfill');
  /** Rows the geocoder has no address for (until restart), so they do not hold up the rest. */
  private readonly noAddress = { reports: new Set<number>(), cases: new Set<number>() };

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly geocoder: ReverseGeocoder,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: Transactions,
    private readonly lifecycle: CaseLifecycle,
    private readonly cases: CaseReads,
  ) {}

  async runOnce(limit = BATCH): Promise<{ reports: number; cases: number }> {
    if (!this.config.geocoder.enabled) return { reports: 0, cases: 0 };
    let reports = 0;
    let cases = 0;
    const reportRows = await this.db.getRepository(Report).find({
      select: { id: true, lat: true, lng: true },
      where: { address: IsNull(), id: Not(In([0, ...this.noAddress.reports])) },
      order: { id: 'ASC' },
      take: limit,
    });
    for (const r of reportRows) {
      const place = await this.geocode(r.lat, r.lng);
      if (place === 'stop') return { reports, cases };
      if (!place) this.noAddress.reports.add(r.id);
      else {
        await this.db.getRepository(Report).update({ id: r.id, address: IsNull() }, { address: place.address, landmark: place.landmark });
        reports++;
      }
    }
    const caseRows = await this.cases.withoutAddress([...this.noAddress.cases], limit);
    for (const c of caseRows) {
      const primary = await this.db
        .getRepository(Report)
        .findOne({ select: { id: true, address: true, landmark: true, lat: true, lng: true }, where: { id: c.primaryReportId } });
      const samePoint = primary && primary.lat === c.lat && primary.lng === c.lng;
      let place: PlaceDescription | null | 'stop' =
        samePoint && primary.address ? { address: primary.address, landmark: primary.landmark } : null;
      if (!place) place = await this.geocode(c.lat, c.lng);
      if (place === 'stop') break;
      if (!place) this.noAddress.cases.add(c.id);
      else {
        await this.writeCaseAddress(c.id, place);
        cases++;
      }
    }
    if (reports || cases) this.logger.log(`filled ${reports} report and ${cases} case address(es)`);
    return { reports, cases };
  }

  /**
   * The addresses of reports just submitted and of the cases they opened, looked up after the answer
   * (AddressFillQueue), one lookup each, then written in one transaction. A miss leaves both null, which is what
   * runOnce() picks up; an outage stops the lookups and writes those found before it. Returns how many were written.
   */
  async fillSubmitted(jobs: readonly { reportId: number; caseId: number; lat: number; lng: number }[]): Promise<number> {
    if (!this.config.geocoder.enabled) return 0;
    const found: { reportId: number; caseId: number; place: PlaceDescription }[] = [];
    for (const job of jobs) {
      const place = await this.geocode(job.lat, job.lng);
      if (place === 'stop') break;
      if (place) found.push({ ...job, place });
    }
    await this.fillKnown(found);
    return found.length;
  }

  /** Writes addresses already known (never over one already there): reports and the cases they opened. */
  async fillKnown(found: readonly { reportId: number; caseId: number; place: PlaceDescription }[]): Promise<void> {
    if (found.length === 0) return;
    // One transaction (on SQLite a write outside it would join whichever transaction is open) of one statement per table:
    // a lone report's as a fixed text, several as one UPDATE with each row's value.
    await this.tx.run(async (em) => {
      const [first] = found;
      if (found.length === 1)
        await em.query('UPDATE reports SET address = ?, landmark = ? WHERE id = ? AND address IS NULL', [
          first.place.address,
          first.place.landmark,
          first.reportId,
        ]);
      else {
        const address = caseById(found.map((f) => ({ id: f.reportId, value: f.place.address })));
        const landmark = caseById(found.map((f) => ({ id: f.reportId, value: f.place.landmark })));
        await em.query(
          `UPDATE reports SET address = ${address.sql}, landmark = ${landmark.sql} WHERE id IN (${found.map(() => '?').join(', ')}) AND address IS NULL`,
          [...address.params, ...landmark.params, ...found.map((f) => f.reportId)],
        );
      }
      await this.lifecycle.fillAddresses(em, found.map(({ caseId, place }) => ({ caseId, ...place })));
    });
  }

  /** A case's address goes through the case lifecycle, which never overwrites one already there. */
  private async writeCaseAddress(caseId: number, place: PlaceDescription): Promise<void> {
    await this.tx.run((em) => this.lifecycle.fillAddress(em, caseId, place));
  }

  /** null: this point has no address (skip it); 'stop': the geocoder is unavailable, try again next run. */
  private async geocode(lat: number, lng: number): Promise<PlaceDescription | null | 'stop'> {
    try {
      return await this.geocoder.reverse(lat, lng);
    } catch (e) {
      if (e instanceof GeocodeError && e.kind === 'input') return null;
      this.logger.warn(`address backfill paused: ${(e as Error).message}`);
      return 'stop';
    }
  }
}
