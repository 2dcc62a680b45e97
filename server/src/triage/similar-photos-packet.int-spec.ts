import { offsetM } from '@sansui/shared';
import { Case } from '../cases/case.entity';
import { MultiStatementCalls } from '../database/multi-statement';
import { caseRow } from '../testing/bulk-seed';
import { residentLogin } from '../testing/factories-reports';
import { startTestApp, type TestApp } from '../testing/test-app';
import { testDatabaseKind } from '../testing/test-database';
import { Photo } from '../uploads/photo.entity';
import { PhotosService } from '../uploads/photos.service';
import { DuplicateFinder } from './duplicate-finder.service';

const onMariadb = testDatabaseKind() === 'mysql' ? it : it.skip;
const category = { code: 'exposed_garbage', duplicateRadiusM: 50, duplicateWindowHours: 72 };
const spot = { lat: 31.2304, lng: 121.4737 };
const BASE = 'ab12cd34ef567890';

/** The hash with these bits flipped (0 = the most significant). */
function flipped(hex: string, bits: number[]): string {
  let v = BigInt(`0x${hex}`);
  for (const b of bits) v ^= 1n << BigInt(63 - b);
  return v.toString(16).padStart(16, '0');
}

/**
 * MariaDB: a submission sends the similar photos' block lookups in one packet with its other reads, each new photo's
 * blocks read from its own row in SQL (PhotosService.similarCandidatesStatement). Its candidates are `find`'s, which
 * looks the blocks up from the hashes read before.
 */
describe('similar photos read in the submission packet', () => {
  let t: TestApp;
  let owner: number;
  beforeAll(async () => {
    t = await startTestApp();
    owner = (await residentLogin(t, 'packet')).userId;
  });
  afterAll(async () => t?.close());

  let n = 0;
  async function photo(phash: string, caseId: number | null): Promise<number> {
    const [b0, b1, b2, b3] = [0, 4, 8, 12].map((i) => parseInt(phash.slice(i, i + 4), 16));
    const key = `packet-${n++}`;
    const row = { ownerUserId: owner, storageKey: key, thumbKey: `${key}-t`, mime: 'image/jpeg', width: 10, height: 10, bytes: 100 };
    const result = await t.db.getRepository(Photo).insert({
      ...row,
      sha256: 'x'.repeat(64),
      phash,
      phashBlock0: b0,
      phashBlock1: b1,
      phashBlock2: b2,
      phashBlock3: b3,
      contentCheck: 'pass',
      caseId,
    });
    return Number(result.identifiers[0].id);
  }
  async function openCase(northM: number, status: Case['status'] = 'submitted'): Promise<number> {
    const result = await t.db.getRepository(Case).insert(caseRow({ status, ...offsetM(spot, northM, 300) }) as never);
    return Number(result.identifiers[0].id);
  }

  onMariadb('finds the same cases at the same photo distances as find, within 6 bits and no farther', async () => {
    const at = async (northM: number, bits: number[], status?: Case['status'], hash = BASE) => {
      const id = await openCase(northM, status);
      await photo(flipped(hash, bits), id);
      return id;
    };
    const same = await at(1, []);
    const oneBit = await at(2, [60]);
    const threeBlocks = await at(3, [1, 17, 33]); // block 3 equal
    const six = await at(4, [1, 2, 17, 18, 33, 34]); // block 3 equal
    const sixSpread = await at(5, [3, 20, 21, 36, 37, 50]); // block 0 within a bit
    const seven = await at(6, [1, 2, 17, 18, 33, 34, 49]); // block 3 within a bit: read, but 7 bits off
    await at(7, [1, 2, 17, 18, 33, 34, 49, 50]); // no block within a bit: not read
    await at(8, [], 'closed');
    await photo(BASE, null); // no case
    const twoPhotos = await at(9, [5, 6, 7, 8, 9]);
    await photo(flipped(BASE, [40, 41]), twoPhotos);
    const second = '0000ffff0000ffff';
    const other = await at(10, [63], undefined, second);
    const mine = [await photo(BASE, null), await photo(second, null)];

    const rows = await t.app.get(PhotosService).intakeRows(mine);
    const finder = t.app.get(DuplicateFinder);
    const q = { category, ...spot, photoIds: mine };
    const reads = finder.firstReads(q);
    const packet = await reads.answer(await t.app.get(MultiStatementCalls).run(reads.statements));
    const found = await finder.find({ ...q, photoHashes: rows });
    expect(packet).toEqual(found);
    const distances = new Map(packet.candidates.map((c) => [c.caseId, c.photoDistance]));
    expect(distances).toEqual(
      new Map([
        [same, 0],
        [oneBit, 1],
        [threeBlocks, 3],
        [six, 6],
        [sixSpread, 6],
        [twoPhotos, 2],
        [other, 1],
      ]),
    );
    expect(distances.has(seven)).toBe(false);
  });
});
