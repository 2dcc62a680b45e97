import { AuditLog } from '../audit/audit-log.entity';
import { staffToken } from '../testing/factories-auth';
import { Case } from '../cases/case.entity';
import { InspectionFinding } from '../evaluation/inspection-finding.entity';
import { LeaderScore } from '../evaluation/leader-score.entity';
import { Report } from '../reports/report.entity';
import { RoutingRule } from '../routing/routing-rule.entity';
import { insertCase } from '../testing/factories-cases';
import { insertArea, insertDepartment, rectPolygon } from '../testing/factories-places';
import { startTestApp, type TestApp } from '../testing/test-app';
import { Area } from './area.entity';
import { AreasService } from './areas.service';

describe('areas, grids and zones', () => {
  let t: TestApp;
  let admin: string;
  let dispatcher: string;
  const ids: Record<string, number> = {};

  const post = (path: string, body: unknown, token = admin) =>
    t
      .http()
      .post(`/api/v1${path}`)
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);

  beforeAll(async () => {
    t = await startTestApp();
    admin = (await staffToken(t, ['admin'])).token;
    dispatcher = (await staffToken(t, ['dispatcher'])).token;
    // 测试区 → 测试街道 → 测试社区 → A | B side by side (sharing the edge lng 120.01), H with a hole further east.
    for (const [key, body] of [
      ['d', { code: 't-d', name: '测试区', level: 'district' }],
      ['s', { code: 't-s', name: '测试街道', level: 'street', parentKey: 'd' }],
      ['c', { code: 't-c', name: '测试社区', level: 'community', parentKey: 's' }],
      ['a', { code: 't-a', name: 'A网格', level: 'grid', parentKey: 'c', geometry: rectPolygon(30, 120, 0.01, 0.01) }],
      ['b', { code: 't-b', name: 'B网格', level: 'grid', parentKey: 'c', geometry: rectPolygon(30, 120.01, 0.01, 0.01) }],
      [
        'h',
        {
          code: 't-h',
          name: '带洞网格',
          level: 'grid',
          parentKey: 'c',
          geometry: {
            type: 'Polygon',
            coordinates: [rectPolygon(30, 120.03, 0.01, 0.01).coordinates[0], rectPolygon(30.004, 120.034, 0.002, 0.002).coordinates[0]],
          },
        },
      ],
    ] as const) {
      const { parentKey, ...rest } = body as { parentKey?: string } & Record<string, unknown>;
      const res = await post('/areas', { ...rest, ...(parentKey ? { parentId: ids[parentKey] } : {}) });
      expect(res.status).toBe(201);
      ids[key] = res.body.id;
    }
  });
  afterAll(() => t?.close());

  describe('locateGrid', () => {
    it('finds the grid holding a point inside it', async () => {
      const areas = t.app.get(AreasService);
      expect((await areas.locateGrid(30.005, 120.005))?.id).toBe(ids.a);
      expect((await areas.locateGrid(30.005, 120.015))?.id).toBe(ids.b);
    });

    it('gives a point on the edge two grids share to exactly one of them, always the same', async () => {
      const areas = t.app.get(AreasService);
      const onEdge = await areas.locateGrid(30.005, 120.01);
      expect([ids.a, ids.b]).toContain(onEdge?.id);
      expect((await areas.locateGrid(30.005, 120.01))?.id).toBe(onEdge?.id);
      const corner = await areas.locateGrid(30.01, 120.01);
      expect([ids.a, ids.b]).toContain(corner?.id);
    });

    it('answers null outside every grid and inside a hole', async () => {
      const areas = t.app.get(AreasService);
      expect(await areas.locateGrid(30.005, 120.025)).toBeNull();
      expect(await areas.locateGrid(31, 121)).toBeNull();
      expect(await areas.locateGrid(30.005, 120.035)).toBeNull();
      expect((await areas.locateGrid(30.002, 120.032))?.id).toBe(ids.h);
    });

    it('rejects coordinates that are not finite or out of range', async () => {
      const areas = t.app.get(AreasService);
      for (const [lat, lng] of [
        [91, 120],
        [30, 181],
        [NaN, 120],
        [30, Infinity],
      ])
        await expect(areas.locateGrid(lat, lng)).rejects.toMatchObject({ code: 'LOCATION_INVALID' });
    });

    it('returns the chain grid → community → street → district', async () => {
      const chain = await t.app.get(AreasService).ancestors(ids.a);
      expect(chain.map((a) => a.name)).toEqual(['A网格', '测试社区', '测试街道', '测试区']);
    });
  });

  describe('GET /grids (public)', () => {
    it('is a valid GeoJSON FeatureCollection of the grids with their community, street and district names', async () => {
      const res = await t.http().get('/api/v1/grids').expect(200);
      expect(res.body.type).toBe('FeatureCollection');
      expect(res.body.features).toHaveLength(3);
      for (const f of res.body.features) {
        expect(f.type).toBe('Feature');
        expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
        const ring = f.geometry.coordinates[0];
        expect(ring[0]).toEqual(ring[ring.length - 1]);
      }
      const a = res.body.features.find((f: { properties: { code: string } }) => f.properties.code === 't-a');
      expect(a.properties).toEqual({
        id: ids.a,
        code: 't-a',
        name: 'A网格',
        communityName: '测试社区',
        streetName: '测试街道',
        districtName: '测试区',
      });
    });

    it('is described in the OpenAPI document with the other places endpoints', async () => {
      const doc = (await t.http().get('/api/docs-json').expect(200)).body;
      for (const path of [
        '/api/v1/grids',
        '/api/v1/areas',
        '/api/v1/areas/import',
        '/api/v1/zones',
        '/api/v1/departments',
        '/api/v1/categories',
        '/api/v1/routing-rules',
        '/api/v1/stats/campaign',
      ])
        expect(Object.keys(doc.paths)).toContain(path);
      expect(doc.paths['/api/v1/grids'].get.summary).toContain('网格');
    });

    it('locates a point publicly, and refuses bad coordinates with a 4xx', async () => {
      expect((await t.http().get('/api/v1/grids/locate?lat=30.005&lng=120.005').expect(200)).body.grid).toMatchObject({
        id: ids.a,
        streetName: '测试街道',
      });
      expect((await t.http().get('/api/v1/grids/locate?lat=10&lng=10').expect(200)).body).toEqual({ grid: null });
      expect((await t.http().get('/api/v1/grids/locate?lat=abc&lng=10')).status).toBe(400);
      const far = await t.http().get('/api/v1/grids/locate?lat=95&lng=10');
      expect(far.status).toBe(422);
      expect(far.body.code).toBe('LOCATION_INVALID');
    });
  });

  describe('area tree and admin edits', () => {
    it('GET /areas needs a staff login and returns the nested tree', async () => {
      expect((await t.http().get('/api/v1/areas')).status).toBe(401);
      const res = await t.http().get('/api/v1/areas').set('Authorization', `Bearer ${dispatcher}`).expect(200);
      expect(res.body).toHaveLength(1);
      expect(res.body[0]).toMatchObject({ code: 't-d', level: 'district', children: [{ code: 't-s', children: [{ code: 't-c' }] }] });
      expect(res.body[0].children[0].children[0].children.map((g: { code: string }) => g.code).sort()).toEqual(['t-a', 't-b', 't-h']);
    });

    it('GET /areas/:id returns the area with its boundary as GeoJSON', async () => {
      const res = await t.http().get(`/api/v1/areas/${ids.a}`).set('Authorization', `Bearer ${dispatcher}`).expect(200);
      expect(res.body).toEqual({
        id: ids.a,
        code: 't-a',
        name: 'A网格',
        level: 'grid',
        parentId: ids.c,
        geometry: rectPolygon(30, 120, 0.01, 0.01),
      });
      expect((await t.http().get('/api/v1/areas/99999').set('Authorization', `Bearer ${dispatcher}`)).body.code).toBe('AREA_NOT_FOUND');
    });

    it('only admins write; writes are audited', async () => {
      expect((await post('/areas', { code: 'x', name: 'x', level: 'district' }, dispatcher)).status).toBe(403);
      const res = await t.http().patch(`/api/v1/areas/${ids.b}`).set('Authorization', `Bearer ${admin}`).send({ name: 'B网格（改）' });
      expect(res.status).toBe(200);
      const entry = await t.db.getRepository(AuditLog).findOne({ where: { action: 'area.update', targetId: String(ids.b) } });
      expect(entry?.data).toMatchObject({ name: 'B网格（改）' });
    });

    it('refuses a wrong parent level, a duplicate code, a grid without a polygon and a self-intersecting polygon', async () => {
      expect(
        (await post('/areas', { code: 't-g2', name: 'x', level: 'grid', parentId: ids.s, geometry: rectPolygon(31, 121, 0.01, 0.01) })).body
          .code,
      ).toBe('AREA_PARENT_INVALID');
      expect((await post('/areas', { code: 't-a', name: 'x', level: 'district' })).body.code).toBe('AREA_CODE_TAKEN');
      expect((await post('/areas', { code: 't-g3', name: 'x', level: 'grid', parentId: ids.c })).body.code).toBe('GEOMETRY_INVALID');
      const bowTie = {
        type: 'Polygon',
        coordinates: [
          [
            [121, 31],
            [121.01, 31.01],
            [121.01, 31],
            [121, 31.01],
            [121, 31],
          ],
        ],
      };
      const res = await post('/areas', { code: 't-g4', name: 'x', level: 'grid', parentId: ids.c, geometry: bowTie });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'GEOMETRY_INVALID' });
      expect(res.body.message).toContain('自相交');
    });

    it('moving a grid’s polygon moves what locateGrid answers at once', async () => {
      await t
        .http()
        .patch(`/api/v1/areas/${ids.h}`)
        .set('Authorization', `Bearer ${admin}`)
        .send({ geometry: rectPolygon(30, 120.05, 0.01, 0.01) })
        .expect(200);
      const areas = t.app.get(AreasService);
      expect(await areas.locateGrid(30.002, 120.032)).toBeNull();
      expect((await areas.locateGrid(30.005, 120.055))?.id).toBe(ids.h);
    });

    it('deletes an unused area but not one with children or departments', async () => {
      expect((await t.http().delete(`/api/v1/areas/${ids.c}`).set('Authorization', `Bearer ${admin}`)).body.code).toBe('AREA_IN_USE');
      const extra = await post('/areas', { code: 't-tmp', name: '临时区', level: 'district' });
      await insertDepartment(t.db, { code: 'tmp-dept', name: '临时部门', type: 'sanitation', areaId: extra.body.id });
      expect((await t.http().delete(`/api/v1/areas/${extra.body.id}`).set('Authorization', `Bearer ${admin}`)).status).toBe(409);
      const lone = await post('/areas', { code: 't-lone', name: '孤立区', level: 'district' });
      await t.http().delete(`/api/v1/areas/${lone.body.id}`).set('Authorization', `Bearer ${admin}`).expect(204);
      expect(await t.db.getRepository(Area).exists({ where: { id: lone.body.id } })).toBe(false);
    });
  });

  describe('a delete refused while another module refers to the area (AreaReferenceChecks)', () => {
    let n = 0;
    const loneDistrict = async () => (await insertArea(t.db, { code: `ref-${n++}`, name: '被引用区', level: 'district' })).id;
    const reporterId = async () => (await staffToken(t, ['dispatcher'])).user.id;
    const referrers: [string, (areaId: number) => Promise<unknown>][] = [
      ['部门', (areaId) => insertDepartment(t.db, { code: `ref-dept-${n++}`, name: '引用部门', type: 'sanitation', areaId })],
      [
        '派遣规则',
        (areaId) =>
          t.db.getRepository(RoutingRule).save({ areaId, departmentId: 1, categoryCode: null, priority: 0, active: true, note: null }),
      ],
      [
        '案卷',
        async (gridId) => {
          const c = await insertCase(t, { status: 'submitted', gridId, reporterId: await reporterId() });
          await t.db.getRepository(Report).update({ id: c.primaryReportId }, { gridId: null });
        },
      ],
      [
        '上报',
        async (gridId) => {
          const c = await insertCase(t, { status: 'submitted', gridId, reporterId: await reporterId() });
          await t.db.getRepository(Case).update({ id: c.id }, { gridId: null });
        },
      ],
      [
        '检查发现',
        (areaId) =>
          t.db.getRepository(InspectionFinding).save({
            roundId: 1,
            areaId,
            gridId: null,
            itemCode: 'ref',
            categoryCode: 'exposed_garbage',
            lat: 30,
            lng: 120,
            count: 1,
            deduction: 1,
            note: null,
            photoIds: [],
            inspectorUserId: 1,
            evidence: null,
            caseId: null,
          }),
      ],
      [
        '领导评价',
        (areaId) => t.db.getRepository(LeaderScore).save({ quarter: '2026-Q1', areaId, score: 90, note: null, enteredByUserId: 1 }),
      ],
    ];

    it.each(referrers)('an area with %s is refused with 409 AREA_IN_USE naming it', async (what, refer) => {
      const id = await loneDistrict();
      await refer(id);
      const res = await t.http().delete(`/api/v1/areas/${id}`).set('Authorization', `Bearer ${admin}`);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'AREA_IN_USE', message: `该区域还有${what}，不能删除` });
      expect(await t.db.getRepository(Area).exists({ where: { id } })).toBe(true);
    });

    it('names the child areas too, and several referrers at once', async () => {
      const id = await loneDistrict();
      await insertArea(t.db, { code: `ref-child-${n++}`, name: '下级', level: 'street', parentId: id });
      await insertDepartment(t.db, { code: `ref-dept-${n++}`, name: '引用部门', type: 'sanitation', areaId: id });
      const res = await t.http().delete(`/api/v1/areas/${id}`).set('Authorization', `Bearer ${admin}`);
      expect(res.body).toMatchObject({ code: 'AREA_IN_USE', message: '该区域还有下级区域、部门，不能删除' });
    });
  });

  describe('POST /areas/import', () => {
    const feature = (code: string, geometry: unknown, props: Record<string, unknown> = {}) => ({
      type: 'Feature',
      properties: { code, name: `${code} 网格`, parentCode: 't-c', ...props },
      geometry,
    });

    it('dry run reports a self-intersecting feature, a non-polygon, a missing parent and an overlap, and writes nothing', async () => {
      const body = {
        type: 'FeatureCollection',
        name: 'grids',
        features: [
          feature('imp-1', rectPolygon(30.02, 120, 0.01, 0.01)),
          feature('imp-bowtie', {
            type: 'Polygon',
            coordinates: [
              [
                [120, 30.03],
                [120.01, 30.04],
                [120.01, 30.03],
                [120, 30.04],
                [120, 30.03],
              ],
            ],
          }),
          feature('imp-point', { type: 'Point', coordinates: [120, 30.05] }),
          feature('imp-orphan', rectPolygon(30.06, 120, 0.01, 0.01), { parentCode: 'nowhere' }),
          feature('imp-overlap', rectPolygon(30.001, 120.001, 0.005, 0.005)),
        ],
      };
      const before = await t.db.getRepository(Area).count();
      const res = await post('/areas/import?dryRun=true', body);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ dryRun: true, imported: false, total: 5 });
      expect(res.body.counts.grid).toEqual({ create: 2, update: 0 });
      const reasons = Object.fromEntries(res.body.invalid.map((i: { code: string; reason: string }) => [i.code, i.reason]));
      expect(reasons['imp-bowtie']).toContain('自相交');
      expect(reasons['imp-point']).toContain('只支持 Polygon');
      expect(reasons['imp-orphan']).toContain('不存在');
      expect(reasons['imp-1']).toBeUndefined();
      expect(res.body.overlaps).toEqual([expect.objectContaining({ a: 'imp-overlap', b: 't-a' })]);
      expect(await t.db.getRepository(Area).count()).toBe(before);
      // The real import refuses the same file.
      const refused = await post('/areas/import', body);
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('AREA_IMPORT_INVALID');
      expect(await t.db.getRepository(Area).count()).toBe(before);
    });

    it('imports whole levels (a street, a community and its grids), updates by code, and audits', async () => {
      const body = {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { code: 'imp-s', name: '导入街道', parentCode: 't-d', level: 'street' }, geometry: null },
          { type: 'Feature', properties: { code: 'imp-c', name: '导入社区', parentCode: 'imp-s', level: 'community' }, geometry: null },
          feature('imp-g1', rectPolygon(30.1, 120, 0.01, 0.01), { parentCode: 'imp-c' }),
          feature('imp-g2', rectPolygon(30.1, 120.01, 0.01, 0.01), { parentCode: 'imp-c' }),
          feature('t-a', rectPolygon(30, 120, 0.01, 0.01), { name: 'A网格（导入）' }),
        ],
      };
      const preview = await post('/areas/import?dryRun=true', body);
      expect(preview.body).toMatchObject({
        invalid: [],
        overlaps: [],
        counts: { street: { create: 1, update: 0 }, community: { create: 1, update: 0 }, grid: { create: 2, update: 1 } },
      });
      const res = await post('/areas/import', body);
      expect(res.status).toBe(200);
      expect(res.body.imported).toBe(true);
      const g1 = await t.app.get(AreasService).locateGrid(30.105, 120.005);
      expect(g1?.code).toBe('imp-g1');
      expect((await t.app.get(AreasService).ancestors(g1!.id)).map((a) => a.code)).toEqual(['imp-g1', 'imp-c', 'imp-s', 't-d']);
      expect((await t.db.getRepository(Area).findOneByOrFail({ code: 't-a' })).name).toBe('A网格（导入）');
      const grids = await t.http().get('/api/v1/grids').expect(200);
      expect(grids.body.features.map((f: { properties: { code: string } }) => f.properties.code)).toContain('imp-g2');
      expect(await t.db.getRepository(AuditLog).exists({ where: { action: 'area.import' } })).toBe(true);
    });

    it('takes a large file as a multipart upload (beyond the 1 MB JSON body limit)', async () => {
      const features = [];
      for (let i = 0; i < 1200; i++)
        features.push({
          type: 'Feature',
          properties: { code: `big-${i}`, name: `大文件网格${i}`, parentCode: 't-c', note: 'x'.repeat(800) },
          geometry: rectPolygon(40 + Math.floor(i / 40) * 0.01, 100 + (i % 40) * 0.01, 0.01, 0.01),
        });
      const file = Buffer.from(JSON.stringify({ type: 'FeatureCollection', features }));
      expect(file.length).toBeGreaterThan(1024 * 1024);
      expect((await post('/areas/import?dryRun=true', JSON.parse(file.toString()))).status).toBe(413);
      const upload = (query: string, content: Buffer, token = admin) =>
        t
          .http()
          .post(`/api/v1/areas/import-file${query}`)
          .set('Authorization', `Bearer ${token}`)
          .attach('file', content, { filename: 'grids.geojson', contentType: 'application/geo+json' });
      const preview = await upload('?dryRun=true', file);
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({
        dryRun: true,
        total: 1200,
        invalid: [],
        overlaps: [],
        counts: { grid: { create: 1200, update: 0 } },
      });
      expect(await t.db.getRepository(Area).exists({ where: { code: 'big-0' } })).toBe(false);
      const bad = await upload('', Buffer.from('{"type": "FeatureCollection", "features": ['));
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('JSON');
      expect((await upload('?dryRun=true', file, dispatcher)).status).toBe(403);
    });

    it('rejects a body that is not a FeatureCollection', async () => {
      expect((await post('/areas/import', { type: 'Feature', features: [] })).status).toBe(400);
      expect((await post('/areas/import', { type: 'FeatureCollection', features: 'x' })).status).toBe(400);
    });
  });

  describe('responsibility zones', () => {
    it('creates a zone from a polygon and a 包干路段 from a line plus buffer; lists, edits and deletes them (audited)', async () => {
      const unit = await insertDepartment(t.db, { code: 'unit-test', name: '测试医院', type: 'unit' });
      const poly = await post('/zones', {
        name: '医院门前四包',
        departmentId: unit.id,
        geometry: rectPolygon(30.001, 120.001, 0.001, 0.001),
        categoryCodes: ['exposed_garbage'],
      });
      expect(poly.status).toBe(201);
      const road = await post('/zones', {
        name: '测试路包干路段',
        departmentId: unit.id,
        line: {
          type: 'LineString',
          coordinates: [
            [120.005, 30.002],
            [120.005, 30.008],
          ],
        },
        bufferM: 15,
      });
      expect(road.status).toBe(201);
      expect(road.body).toMatchObject({
        bufferM: 15,
        sourceLine: { type: 'LineString' },
        geometry: { type: 'Polygon' },
        categoryCodes: null,
      });
      const areas = t.app.get(AreasService);
      expect((await areas.zonesCovering(30.005, 120.00505)).map((z) => z.name)).toEqual(['测试路包干路段']);
      expect(await areas.zonesCovering(30.005, 120.0054)).toEqual([]); // ≈ 38 m off the road
      const list = await t.http().get('/api/v1/zones').set('Authorization', `Bearer ${dispatcher}`).expect(200);
      expect(list.body).toHaveLength(2);
      const widened = await t.http().patch(`/api/v1/zones/${road.body.id}`).set('Authorization', `Bearer ${admin}`).send({ bufferM: 50 });
      expect(widened.status).toBe(200);
      expect((await areas.zonesCovering(30.005, 120.0054)).map((z) => z.name)).toEqual(['测试路包干路段']);
      await t.http().delete(`/api/v1/zones/${poly.body.id}`).set('Authorization', `Bearer ${admin}`).expect(204);
      expect((await t.http().get(`/api/v1/zones/${poly.body.id}`).set('Authorization', `Bearer ${admin}`)).body.code).toBe(
        'ZONE_NOT_FOUND',
      );
      const actions = (
        await t.db
          .getRepository(AuditLog)
          .find({ where: [{ action: 'zone.create' }, { action: 'zone.update' }, { action: 'zone.delete' }] })
      )
        .map((a) => a.action)
        .sort();
      expect(actions).toEqual(['zone.create', 'zone.create', 'zone.delete', 'zone.update']);
    });

    it('refuses a zone without a shape, with a bad line, or for an unknown department', async () => {
      expect((await post('/zones', { name: 'x', departmentId: 1 })).body.code).toBe('GEOMETRY_INVALID');
      expect((await post('/zones', { name: 'x', departmentId: 1, line: { type: 'LineString', coordinates: [[120, 30]] } })).body.code).toBe(
        'GEOMETRY_INVALID',
      );
      expect((await post('/zones', { name: 'x', departmentId: 99999, geometry: rectPolygon(30, 120, 0.001, 0.001) })).body.code).toBe(
        'DEPARTMENT_NOT_FOUND',
      );
      expect((await post('/zones', { name: 'x', departmentId: 1, geometry: rectPolygon(30, 120, 0.001, 0.001) }, dispatcher)).status).toBe(
        403,
      );
    });
  });
});
