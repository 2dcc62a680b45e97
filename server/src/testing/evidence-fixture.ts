import type { Case } from '../cases/case.entity';
import { Photo } from '../uploads/photo.entity';
import { streetScene, type StreetSceneOptions } from './evidence-images';
import { insertCase, seedCaseWorld, type Actor, type CaseWorld } from './factories-cases';
import { startTestApp, type TestApp } from './test-app';

type Point = { lat: number; lng: number };
type Fields = Record<string, string | number>;

/** A point `m` metres north of `p`. */
export const metresNorth = (p: Point, m: number): Point => ({ lat: p.lat + m / 111_195, lng: p.lng });

/** The capture facts a phone sends with a camera photo taken now at `at` (docs/domain.md §14); `over` changes some. */
export const cameraFacts = (at: Point, over: Fields = {}): Fields => ({
  lat: at.lat,
  lng: at.lng,
  accuracyM: 10,
  capturedAt: new Date().toISOString(),
  source: 'camera',
  ...over,
});

/** POST /uploads of a JPEG with form `fields` (the capture facts, none for a desk upload); the photo's id. */
export async function uploadPhoto(t: TestApp, auth: { Authorization: string }, image: Buffer, fields: Fields = {}): Promise<number> {
  const req = t.http().post('/api/v1/uploads').set(auth);
  for (const [k, v] of Object.entries(fields)) req.field(k, String(v));
  const res = await req.attach('file', image, { filename: 'p.jpg', contentType: 'image/jpeg' });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as number;
}

/**
 * What the resolve and verify evidence specs stand on: a test app with the case world, and cases that
 * handlerA has claimed, each with the resident's before-photo of a place no other case shows (real images,
 * so the picture checks compare real pictures).
 */
export class EvidenceWorld {
  private place: number;

  private constructor(
    readonly t: TestApp,
    readonly w: CaseWorld,
    firstPlace: number,
    private readonly scene: (o: StreetSceneOptions) => Promise<Buffer>,
  ) {
    this.place = firstPlace;
  }

  /** `firstPlace` keeps each spec's street scenes apart from the others'; `scene` draws them (default size unless given). */
  static async start(firstPlace: number, scene: (o: StreetSceneOptions) => Promise<Buffer> = streetScene): Promise<EvidenceWorld> {
    const t = await startTestApp();
    return new EvidenceWorld(t, await seedCaseWorld(t), firstPlace, scene);
  }

  upload(who: Actor, image: Buffer, fields: Fields = {}): Promise<number> {
    return uploadPhoto(this.t, who.auth, image, fields);
  }

  /** A case in_progress claimed by handlerA through the API, with the resident's before-photo of a new place. */
  async claimedCase(): Promise<{ c: Case; before: Buffer; place: number }> {
    const { t, w } = this;
    const c = await insertCase(t, { status: 'dispatched', departmentId: w.deptA, reporterId: w.resident.user.id });
    const claim = await t.http().post(`/api/v1/cases/${c.id}/claim`).set(w.handlerA.auth).send({});
    if (claim.status !== 200) throw new Error(`claim failed: ${claim.status} ${JSON.stringify(claim.body)}`);
    const place = ++this.place;
    const before = await this.scene({ place, shot: 1 });
    const beforeId = await this.upload(w.resident, before);
    await t.db.getRepository(Photo).update({ id: beforeId }, { caseId: c.id, reportId: c.primaryReportId, role: 'evidence' });
    return { c, before, place };
  }

  /** GET /cases/:id as the dispatcher. */
  async detail(c: Case) {
    return (await this.t.http().get(`/api/v1/cases/${c.id}`).set(this.w.dispatcher.auth)).body;
  }

  close(): Promise<void> {
    return this.t.close();
  }
}
