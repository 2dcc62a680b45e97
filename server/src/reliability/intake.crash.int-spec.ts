import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Report } from '../reports/report.entity';
import { childDatabaseUrl, ensureBuilt, exited, seeded, sleep, startBuiltServer } from '../testing/built-server';
import { newRequestId, REPORT_TEST_AREA, residentLogin, seedReportTestPlaces, uploadScene } from '../testing/factories-reports';
import { startTestApp, type TestApp } from '../testing/test-app';
import { Photo } from '../uploads/photo.entity';

/**
 * CRASH-SAFE INTAKE, MariaDB only: built server instances are SIGKILLed at random moments while residents
 * submit reports and retry every unanswered one with the same clientRequestId (as the mini-program does),
 * on whichever instance is up. At the end: every acknowledged report exists once with the id it was
 * acknowledged with, every retried one exists once, no photo is in two reports, nothing is lost.
 * INTAKE_KILLS (default 20) SIGKILLs; INTAKE_INSTANCES (2) instances; each lives 1–3 s after its boot.
 * The full run (200 kills) is `INTAKE_KILLS=200 … npx jest src/reliability/intake.crash` (docs/operations.md).
 */
const run = process.env.TEST_DB === 'mysql' ? describe : describe.skip;
const KILLS = Number(process.env.INTAKE_KILLS ?? 20);
const INSTANCES = Number(process.env.INTAKE_INSTANCES ?? 2);
const RESIDENTS = 4;
const REPORTS_EACH = 15;

jest.setTimeout(KILLS * 60_000 + 300_000);

run('report intake survives SIGKILL at random moments (built server, MariaDB)', () => {
  let t: TestApp;
  let dbUrl: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'sansui-intake-'));
  const rnd = seeded(Number(process.env.INTAKE_SEED ?? 15));
  const live = new Set<number>();
  let kills = 0;

  interface Pending {
    token: string;
    userId: number;
    body: Record<string, unknown>;
    acks: number[];
    attempts: number;
  }
  const pending: Pending[] = [];

  beforeAll(async () => {
    ensureBuilt('reports/reports.service');
    t = await startTestApp({ DATA_DIR: dataDir });
    dbUrl = childDatabaseUrl(t.db.options as { type: string; url: string });
    await seedReportTestPlaces(t.db, 'ic');
    let seed = 7000;
    for (let r = 0; r < RESIDENTS; r++) {
      const who = await residentLogin(t, `intake-${r}`);
      for (let i = 0; i < REPORTS_EACH; i++) {
        pending.push({
          token: who.token,
          userId: who.userId,
          acks: [],
          attempts: 0,
          body: {
            kind: 'snap',
            categoryCode: 'exposed_garbage',
            description: `崩溃测试上报 ${r}-${i}`,
            // Spread out so the duplicate check does not merge them (merging is fine, but keeps the counts simple).
            location: { lat: REPORT_TEST_AREA.centre.lat - 0.009 + i * 0.0012, lng: REPORT_TEST_AREA.centre.lng - 0.009 + r * 0.005 },
            photoIds: [await uploadScene(t, who.token, seed++)],
            clientRequestId: newRequestId(`ic${r}`),
          },
        });
      }
    }
  });

  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged report once, and every retried one once, across the SIGKILLs', async () => {
    const basePort = 4450 + Math.floor(rnd() * 20) * 2;
    let stop = false;
    const killers = Array.from({ length: INSTANCES }, (_, slot) =>
      (async () => {
        const port = basePort + slot;
        while (kills < KILLS) {
          const child: ChildProcess | null = await startBuiltServer({ port, databaseUrl: dbUrl, dataDir, bootTimeoutMs: 300_000 });
          if (!child) continue;
          live.add(port);
          await sleep(1000 + rnd() * 2000);
          live.delete(port);
          child.kill('SIGKILL'); // mid-submission: some requests are in flight on it
          await exited(child);
          kills++;
        }
      })(),
    );
    // Residents submit in parallel; each report is retried (same clientRequestId) until acknowledged; acknowledged
    // ones are sent again now and then, as a client that missed the answer would.
    const clients = Array.from({ length: RESIDENTS * 2 }, () =>
      (async () => {
        while (!stop) {
          const p = pending[Math.floor(rnd() * pending.length)];
          const port = [...live][Math.floor(rnd() * live.size)];
          if (port === undefined) {
            await sleep(50);
            continue;
          }
          p.attempts++;
          try {
            const res = await fetch(`http://127.0.0.1:${port}/api/v1/reports`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${p.token}` },
              body: JSON.stringify(p.body),
              signal: AbortSignal.timeout(20_000),
            });
            if (res.status === 201 || res.status === 200) p.acks.push(((await res.json()) as { id: number }).id);
            else if (res.status < 500) throw new Error(`refused ${res.status} ${await res.text()}`);
          } catch (e) {
            if ((e as Error).message.startsWith('refused')) throw e;
            /* killed mid-request: retried later with the same clientRequestId */
          }
        }
      })(),
    );
    await Promise.all(killers);
    // Settle: one clean instance, every report not yet acknowledged is retried until it is.
    const child = (await startBuiltServer({ port: basePort, databaseUrl: dbUrl, dataDir, bootTimeoutMs: 300_000 }))!;
    live.clear();
    live.add(basePort);
    try {
      for (const p of pending.filter((x) => x.acks.length === 0)) {
        const res = await fetch(`http://127.0.0.1:${basePort}/api/v1/reports`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${p.token}` },
          body: JSON.stringify(p.body),
        });
        expect(res.status).toBeLessThan(300);
        p.acks.push(((await res.json()) as { id: number }).id);
      }
    } finally {
      stop = true;
      await Promise.all(clients);
      child.kill('SIGKILL');
      await exited(child);
    }

    const attempts = pending.reduce((s, p) => s + p.attempts, 0);
    const retried = pending.filter((p) => p.attempts > 1).length;
    // eslint-disable-next-line no-console -- the figures of the run
    console.log(
      `intake crash: ${kills} SIGKILLs, ${pending.length} reports, ${attempts} submissions, ${retried} reports sent more than once`,
    );
    expect(kills).toBeGreaterThanOrEqual(KILLS);

    const rows = await t.db.getRepository(Report).find({ select: { id: true, userId: true, clientRequestId: true } });
    for (const p of pending) {
      const mine = rows.filter((r) => r.userId === p.userId && r.clientRequestId === p.body.clientRequestId);
      // Exists once, and every acknowledgement named that one row.
      expect({ crid: p.body.clientRequestId, rows: mine.length }).toEqual({ crid: p.body.clientRequestId, rows: 1 });
      expect([...new Set(p.acks)]).toEqual([mine[0].id]);
    }
    expect(rows.length).toBe(pending.length);
    // Each photo belongs to the one report it was sent with.
    const photos = await t.db.getRepository(Photo).find({ select: { id: true, reportId: true } });
    for (const p of pending) {
      const photoId = (p.body.photoIds as number[])[0];
      expect(photos.find((ph) => ph.id === photoId)?.reportId).toBe(p.acks[0]);
    }
  });
});
