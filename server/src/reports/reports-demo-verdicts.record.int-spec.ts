import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KnownPictureVerdicts, type PictureVerdict } from '../cases/evidence/known-picture-verdicts';
import { startTestApp } from '../testing/test-app';
import { processPhoto } from '../uploads/image-processor';
import * as sceneImage from './scene-image';

// Seeds the demo with an empty table, so every comparison is computed, and records them.
jest.mock('./reports-demo-verdicts', () => ({ DEMO_PICTURE_VERDICTS: { scenes: {}, verdicts: [] } }));

/**
 * Writes reports-demo-verdicts.ts: run with RECORD_DEMO_VERDICTS=1 (TEST_DB=sqlite) after changing the demo's
 * photos, the seed's moves or the picture comparisons, then `npx prettier --write` the file. Skipped otherwise.
 */
(process.env.RECORD_DEMO_VERDICTS ? describe : describe.skip)('recording the demo seed’s picture comparisons', () => {
  it('seeds the demo and writes every comparison it computed', async () => {
    const makeScene = sceneImage.sceneJpeg;
    const seeds = new Set<number>();
    jest.spyOn(sceneImage, 'sceneJpeg').mockImplementation((seed, size) => {
      seeds.add(seed);
      return makeScene(seed, size);
    });
    const computed: PictureVerdict[] = [];
    jest.spyOn(KnownPictureVerdicts.prototype, 'learn').mockImplementation(function (this: KnownPictureVerdicts) {
      this.onComputed = (v) => computed.push(v);
    });
    const t = await startTestApp({ DEMO_DATA: 'true' });
    await t.close();
    const scenes: Record<string, number> = {};
    for (const seed of [...seeds].sort((a, b) => a - b)) scenes[(await processPhoto(await makeScene(seed))).sha256] = seed;
    const seen = new Set<string>();
    const verdicts = computed
      .filter((v) => {
        const k = `${v.comparison}:${v.a}:${v.b}`;
        return !seen.has(k) && seen.add(k);
      })
      .sort((x, y) => (scenes[x.a] - scenes[y.a] || scenes[x.b] - scenes[y.b] || x.comparison.localeCompare(y.comparison)));
    expect(verdicts.every((v) => v.a in scenes && v.b in scenes)).toBe(true);
    const used = Object.fromEntries(Object.entries(scenes).filter(([sha]) => verdicts.some((v) => v.a === sha || v.b === sha)));
    const header = (await import('node:fs')).readFileSync(join(__dirname, 'reports-demo-verdicts.ts'), 'utf8').split('export const')[0];
    writeFileSync(
      join(__dirname, 'reports-demo-verdicts.ts'),
      `${header}export const DEMO_PICTURE_VERDICTS: { scenes: Record<string, number>; verdicts: PictureVerdict[] } = ${JSON.stringify({ scenes: used, verdicts })};\n`,
    );
  }, 900_000);
});
