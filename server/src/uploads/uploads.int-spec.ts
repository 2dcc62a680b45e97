import { hammingDistance } from '@sansui/shared';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { Transactions } from '../database/transactions';
import { loginResident, staffToken } from '../testing/factories-auth';
import { startTestApp, type TestApp } from '../testing/test-app';
import { Photo } from './photo.entity';
import { PhotosService } from './photos.service';

/** A valid PNG whose header declares width × height but whose pixel data is a few bytes (a decompression bomb). */
function pngDeclaring(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const scene = (fill: string, shapes: string, w = 640, h = 480) =>
  sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="${fill}"/>${shapes}</svg>`,
    ),
  );

describe('POST /uploads and signed photo URLs', () => {
  let t: TestApp;
  let alice: { token: string; user: { id: number } };
  let bob: { token: string; user: { id: number } };
  let photos: PhotosService;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const upload = (token: string, data: Buffer, filename = 'p.jpg', fields: Record<string, string> = {}) => {
    const req = t.http().post('/api/v1/uploads').set(auth(token));
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req.attach('file', data, { filename, contentType: 'image/jpeg' });
  };
  /** GET of a URL the API returned (absolute, signed). */
  const fetchSigned = (url: string) =>
    t
      .http()
      .get(new URL(url).pathname + new URL(url).search)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => cb(null, Buffer.concat(chunks)));
      });

  beforeAll(async () => {
    t = await startTestApp();
    alice = await loginResident(t, 'upload-alice');
    bob = await loginResident(t, 'upload-bob');
    photos = t.app.get(PhotosService);
  });
  afterAll(() => t.close());

  it('stores a JPEG upright by its EXIF orientation, without any metadata, with a thumbnail', async () => {
    // 400×200: red left half, blue right half; orientation 6 means "rotate 90° clockwise to display".
    const original = await scene('#0000ff', '<rect width="200" height="200" fill="#ff0000"/>', 400, 200)
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 15/1 36/1', GPSLongitudeRef: 'E', GPSLongitude: '120/1 9/1 0/1' } })
      .toBuffer();
    expect((await sharp(original).metadata()).orientation).toBe(6);
    const res = await upload(alice.token, original).expect(201);
    expect(res.body).toMatchObject({ width: 200, height: 400 });
    expect(res.body.url).toMatch(new RegExp(`/api/v1/photos/${res.body.id}/image\\?exp=\\d+&sig=`));

    const stored = (await fetchSigned(res.body.url).expect(200).expect('content-type', 'image/jpeg')).body as Buffer;
    const meta = await sharp(stored).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([200, 400, 'jpeg']);
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    // red (the former left half) is now on top
    const { data } = await sharp(stored).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(200);
    expect(data[2]).toBeLessThan(60);
    const bottom = (399 * 200 + 100) * 3;
    expect(data[bottom + 2]).toBeGreaterThan(200);

    const thumb = (await fetchSigned(res.body.thumbUrl).expect(200)).body as Buffer;
    expect(await sharp(thumb).metadata()).toMatchObject({ width: 160, height: 320 });

    // no consent: location and time are not kept
    const row = await t.db.getRepository(Photo).findOneByOrFail({ id: res.body.id });
    expect([row.gpsLat, row.gpsLng, row.takenAt]).toEqual([null, null, null]);
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(row.phash).toMatch(/^[0-9a-f]{16}$/);
    expect(row.phashBlock0).toBe(parseInt(row.phash.slice(0, 4), 16));
    expect(row.phashBlock3).toBe(parseInt(row.phash.slice(12), 16));
  });

  it('keeps EXIF GPS and time as separate fields only with the resident consent', async () => {
    const original = await scene('#336699', '<circle cx="300" cy="200" r="90" fill="#ffee00"/>')
      .jpeg()
      .withExif({
        IFD2: { DateTimeOriginal: '2026:11:20 08:30:00' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 15/1 36/1', GPSLongitudeRef: 'E', GPSLongitude: '120/1 9/1 0/1' },
      })
      .toBuffer();
    const res = await upload(alice.token, original, 'p.jpg', { keepLocation: 'true' }).expect(201);
    const row = await t.db.getRepository(Photo).findOneByOrFail({ id: res.body.id });
    expect(row.gpsLat).toBeCloseTo(30.26, 5);
    expect(row.gpsLng).toBeCloseTo(120.15, 5);
    expect(row.takenAt?.toISOString()).toBe('2026-11-20T08:30:00.000Z');
    const stored = (await fetchSigned(res.body.url).expect(200)).body as Buffer;
    expect((await sharp(stored).metadata()).exif).toBeUndefined();
  });

  it('accepts PNG and WebP and re-encodes them as JPEG within 1600 px', async () => {
    const png = await scene('#228833', '<rect x="100" y="100" width="300" height="200" fill="#ffffff"/>', 2400, 1200).png().toBuffer();
    const webp = await scene('#883322', '<circle cx="320" cy="240" r="100" fill="#00ffff"/>').webp().toBuffer();
    const a = await upload(alice.token, png, 'a.png').expect(201);
    expect([a.body.width, a.body.height]).toEqual([1600, 800]);
    const b = await upload(alice.token, webp, 'b.webp').expect(201);
    expect([b.body.width, b.body.height]).toEqual([640, 480]);
    expect((await sharp((await fetchSigned(b.body.url).expect(200)).body as Buffer).metadata()).format).toBe('jpeg');
  });

  it('answers bad uploads with stable codes', async () => {
    const text = await upload(alice.token, Buffer.from('this is not an image at all\n'.repeat(50)), 'photo.jpg');
    expect([text.status, text.body.code]).toEqual([415, 'PHOTO_TYPE_UNSUPPORTED']);
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic', 'latin1'), Buffer.alloc(200)]);
    expect((await upload(alice.token, heic, 'IMG_0001.HEIC')).body.code).toBe('PHOTO_TYPE_UNSUPPORTED');

    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(11 * 1024 * 1024, 1)]);
    const huge = await upload(alice.token, big, 'big.jpg');
    expect([huge.status, huge.body.code]).toEqual([413, 'PHOTO_TOO_LARGE']);

    const bomb = pngDeclaring(30000, 30000);
    expect(bomb.length).toBeLessThan(2000);
    const before = process.memoryUsage().rss;
    const b = await upload(alice.token, bomb, 'bomb.png');
    expect([b.status, b.body.code]).toEqual([422, 'PHOTO_DIMENSIONS_TOO_LARGE']);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024); // 900 MP would be ≥ 900 MB decoded
    const wide = await upload(alice.token, pngDeclaring(13000, 100), 'wide.png');
    expect([wide.status, wide.body.code]).toEqual([422, 'PHOTO_DIMENSIONS_TOO_LARGE']);

    const tiny = await upload(alice.token, await scene('#fff', '', 40, 40).png().toBuffer(), 'tiny.png');
    expect([tiny.status, tiny.body.code]).toEqual([422, 'PHOTO_DIMENSIONS_TOO_SMALL']);

    const good = await scene('#123456', '<circle cx="100" cy="100" r="50" fill="#fff"/>').jpeg().toBuffer();
    const truncated = await upload(alice.token, good.subarray(0, Math.floor(good.length / 3)), 'cut.jpg');
    expect([truncated.status, truncated.body.code]).toEqual([422, 'PHOTO_CORRUPT']);

    const none = await t.http().post('/api/v1/uploads').set(auth(alice.token)).field('keepLocation', 'true');
    expect([none.status, none.body.code]).toEqual([400, 'FILE_REQUIRED']);
    const wrongField = await t.http().post('/api/v1/uploads').set(auth(alice.token)).attach('photo', good, 'p.jpg');
    expect([wrongField.status, wrongField.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const noToken = await t.http().post('/api/v1/uploads').attach('file', good, 'p.jpg');
    expect([noToken.status, noToken.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(await t.db.getRepository(Photo).count()).toBe(4); // only the good uploads of the tests above
  });

  it('serves photos only with a valid signature; hidden photos only to staff', async () => {
    const res = await upload(
      alice.token,
      await scene('#445566', '<rect x="10" y="10" width="100" height="100" fill="#f0f"/>').jpeg().toBuffer(),
    ).expect(201);
    const u = new URL(res.body.url);
    await t.http().get(u.pathname).expect(403);
    const tampered = await t.http().get(`${u.pathname}?exp=${u.searchParams.get('exp')}&sig=${'A'.repeat(43)}`);
    expect([tampered.status, tampered.body.code]).toEqual([403, 'PHOTO_URL_INVALID']);
    await t
      .http()
      .get(`/api/v1/photos/${res.body.id + 1000}/image${u.search}`)
      .expect(403); // signature is per photo
    const ok = await fetchSigned(res.body.url).expect(200);
    expect(ok.headers['cache-control']).toMatch(/^private, max-age=\d+/);
    await t
      .http()
      .get(u.pathname + u.search)
      .set('If-None-Match', ok.headers.etag)
      .expect(304);

    await t.db.getRepository(Photo).update({ id: res.body.id }, { contentCheck: 'risky' });
    await fetchSigned(res.body.url).expect(404);
    const row = await t.db.getRepository(Photo).findOneByOrFail({ id: res.body.id });
    expect(photos.toDto(row, { staff: false })).toEqual({
      id: row.id,
      url: '',
      thumbUrl: '',
      width: row.width,
      height: row.height,
      hidden: true,
    });
    const staffDto = photos.toDto(row, { staff: true });
    expect(staffDto.hidden).toBe(true);
    await fetchSigned(staffDto.url).expect(200);
  });

  it('finds near-duplicate photos through the hash blocks, not different scenes', async () => {
    const base = scene(
      '#556677',
      '<circle cx="200" cy="240" r="120" fill="#ffcc00"/><rect x="380" y="60" width="200" height="300" fill="#aa0000"/>',
    );
    const original = await base.clone().jpeg({ quality: 90 }).toBuffer();
    const reencoded = await sharp(original).resize(500).jpeg({ quality: 50 }).toBuffer();
    const brighter = await sharp(original).modulate({ brightness: 1.12 }).jpeg({ quality: 85 }).toBuffer();
    const different = await scene(
      '#113311',
      '<rect x="40" y="300" width="500" height="80" fill="#ffffff"/><circle cx="520" cy="100" r="70" fill="#2244ff"/>',
    )
      .jpeg()
      .toBuffer();
    const [p0, p1, p2, p3] = [
      await photos.createFromBuffer(alice.user.id, original),
      await photos.createFromBuffer(bob.user.id, reencoded),
      await photos.createFromBuffer(bob.user.id, brighter),
      await photos.createFromBuffer(bob.user.id, different),
    ];
    const similar = await photos.findSimilar(p0.phash, 6, { excludePhotoIds: [p0.id] });
    const ids = similar.map((s) => s.photo.id);
    expect(ids).toEqual(expect.arrayContaining([p1.id, p2.id]));
    expect(ids).not.toContain(p3.id);
    expect(similar.every((s) => s.distance <= 6)).toBe(true);
    // Plain {photo, distance} items: the photo's fields are reached through item.photo only.
    expect(similar.every((s) => Object.keys(s).sort().join() === 'distance,photo' && !('caseId' in s))).toBe(true);
    expect(hammingDistance(p0.phash, p3.phash)).toBeGreaterThan(20);
    expect((await photos.findSimilar(p0.phash, 6, { excludeUserId: bob.user.id })).map((s) => s.photo.id)).toEqual([p0.id]);
  });

  it('finds the newest photos of each hash block up to its limit, without temporary tables on MariaDB', async () => {
    const phash = 'c0ffee00c0ffee00';
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push(await photoWithHash(phash, `limit-${i}`));
    const tx = t.app.get(Transactions);
    // One connection for the call and the counters around it (a session's counter counts that connection only).
    const { found, tmpTables } = await tx.run(async (em) => {
      const created = async () => (tx.isMysql ? Number((await em.query(`SHOW SESSION STATUS LIKE 'Created_tmp_tables'`))[0].Value) : 0);
      const before = await created();
      const similar = await photos.findSimilar(phash, 0, { limitPerBlock: 2 }, em);
      return { found: similar.map((s) => s.photo.id), tmpTables: (await created()) - before };
    });
    expect(found).toEqual([ids[2], ids[1]]);
    expect(tmpTables).toBe(0);
  });

  /** A photo row with this perceptual hash (its blocks as the upload stores them), owned by alice. */
  async function photoWithHash(phash: string, key: string): Promise<number> {
    const repo = t.db.getRepository(Photo);
    const [b0, b1, b2, b3] = [0, 4, 8, 12].map((i) => parseInt(phash.slice(i, i + 4), 16));
    const saved = await repo.save(
      repo.create({
        ownerUserId: alice.user.id,
        storageKey: key,
        thumbKey: `${key}-t`,
        mime: 'image/jpeg',
        width: 10,
        height: 10,
        bytes: 100,
        sha256: 'x'.repeat(64),
        phash,
        phashBlock0: b0,
        phashBlock1: b1,
        phashBlock2: b2,
        phashBlock3: b3,
        contentCheck: 'pass',
      }),
    );
    return saved.id;
  }

  it('keeps the newest photos of a block lookup that finds more than its limit, when the other lookups find none', async () => {
    // Three photos share the first block; each differs from the asked hash by two bits in each other block (distance 6),
    // so only the first lookup finds them, three for its limit of two.
    const ids = [];
    for (const [i, block] of ['0003', '0005', '0009'].entries())
      ids.push(await photoWithHash(`ab12${block.repeat(3)}`, `block-limit-${i}`));
    const similar = await photos.findSimilar('ab12000000000000', 6, { limitPerBlock: 2 });
    expect(similar.map((s) => [s.photo.id, s.distance])).toEqual([
      [ids[2], 6],
      [ids[1], 6],
    ]);
    expect((await photos.findSimilar('ab12000000000000', 6, { limitPerBlock: 3 })).map((s) => s.photo.id)).toEqual([...ids].reverse());
  });

  it('finds the newest of many identical photos, more than all lookups together may read', async () => {
    const ids = [];
    for (let i = 0; i < 9; i++) ids.push(await photoWithHash('d00dfeed0badf00d', `many-${i}`));
    const similar = await photos.findSimilar('d00dfeed0badf00d', 0, { limitPerBlock: 2 });
    expect(similar.map((s) => s.photo.id)).toEqual([ids[8], ids[7]]);
  });

  it('attaches photos once, to their owner only, inside a transaction', async () => {
    const tx = t.app.get(Transactions);
    const img = (n: number) =>
      scene(`#${(0x203040 + n * 0x101010).toString(16)}`, `<circle cx="${100 + n * 40}" cy="200" r="60" fill="#fff"/>`)
        .jpeg()
        .toBuffer();
    const a1 = await photos.createFromBuffer(alice.user.id, await img(1));
    const a2 = await photos.createFromBuffer(alice.user.id, await img(2));
    const b1 = await photos.createFromBuffer(bob.user.id, await img(3));
    const attached = await tx.run((em) =>
      photos.attach(em, { userId: alice.user.id, photoIds: [a2.id, a1.id], reportId: 901, caseId: 801, role: 'evidence' }),
    );
    expect(attached.map((p) => p.id)).toEqual([a2.id, a1.id]);
    expect(await t.db.getRepository(Photo).findOneByOrFail({ id: a1.id })).toMatchObject({ reportId: 901, caseId: 801, role: 'evidence' });

    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: { code?: string }) => e.code,
      );
    expect(
      await codeOf(tx.run((em) => photos.attach(em, { userId: alice.user.id, photoIds: [a1.id], caseId: 802, role: 'evidence' }))),
    ).toBe('PHOTO_ALREADY_USED');
    expect(
      await codeOf(tx.run((em) => photos.attach(em, { userId: alice.user.id, photoIds: [b1.id], caseId: 802, role: 'evidence' }))),
    ).toBe('PHOTO_NOT_OWNED');
    expect(
      await codeOf(tx.run((em) => photos.attach(em, { userId: alice.user.id, photoIds: [999999], caseId: 802, role: 'evidence' }))),
    ).toBe('PHOTO_NOT_FOUND');

    // two transactions racing for one photo: exactly one wins
    const b2 = await photos.createFromBuffer(bob.user.id, await img(4));
    const race = await Promise.all(
      [1, 2].map((n) =>
        codeOf(tx.run((em) => photos.attach(em, { userId: bob.user.id, photoIds: [b2.id], caseId: 810 + n, role: 'evidence' }))),
      ),
    );
    expect(race.sort()).toEqual(['PHOTO_ALREADY_USED', 'ok']);
  });

  it('lets staff upload resolution photos and gives them staff-signed URLs', async () => {
    const { token } = await staffToken(t, ['inspector'], null);
    const res = await upload(
      token,
      await scene('#777777', '<rect x="50" y="50" width="50" height="50" fill="#0f0"/>').jpeg().toBuffer(),
    ).expect(201);
    expect(res.body.url).toContain('&st=1');
  });
});
