import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, ARTIFACTS, BASE, launch, login, newPage, shot, staffToken, type GridCollection } from './harness';

interface Node {
  id: number;
  code: string;
  level: string;
  children: Node[];
}

/** An admin imports a new grid from a GeoJSON file: preview first, then import; the grid appears in GET /grids. */
describe('admin', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('imports a GeoJSON grid with a dry-run preview', async () => {
    const { token } = await staffToken('demo-admin');
    const tree = await apiCall<Node[] | { items: Node[] }>('/areas', { token });
    const all: Node[] = [];
    const walk = (ns: Node[]) => ns.forEach((n) => (all.push(n), walk(n.children ?? [])));
    walk(Array.isArray(tree) ? tree : tree.items);
    const community = all.find((n) => n.level === 'community')!;
    const grids = await apiCall<GridCollection>('/grids');
    let maxX = -180;
    let minY = 90;
    for (const f of grids.features)
      for (const p of (f.geometry.coordinates as number[][][]).flat()) {
        maxX = Math.max(maxX, p[0]);
        minY = Math.min(minY, p[1]);
      }
    const x = maxX + 0.002;
    const y = minY;
    const code = `E2E-GRID-${Date.now()}`;
    const fc = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { code, name: '测试导入网格', level: 'grid', parentCode: community.code },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [x, y],
                [x + 0.004, y],
                [x + 0.004, y + 0.004],
                [x, y + 0.004],
                [x, y],
              ],
            ],
          },
        },
      ],
    };
    const file = join(ARTIFACTS, 'import-grid.geojson');
    writeFileSync(file, JSON.stringify(fc));

    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-admin');
    await shot(page, 'admin-01-categories');
    await page.goto(`${BASE}/admin/config/areas`);
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('import-preview').waitFor();
    await shot(page, 'admin-02-import-preview');
    await page.getByRole('button', { name: '确认导入' }).click();
    await page.getByTestId('import-done').waitFor();
    await shot(page, 'admin-03-imported');
    await ctx.close();
    const after = await apiCall<GridCollection>('/grids');
    expect(after.features.some((f) => f.properties.code === code)).toBe(true);
  });
});
