import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, launch, login, newPage, shot } from './harness';

/** Places for staff (docs/places.md): the heat map names its grids and shows a colour scale people can read. */
describe('places in the admin panel', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('the heat map has a legend of report counts and names the busiest grids', async () => {
    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-dispatcher');
    await page.goto(`${BASE}/admin/stats/trends`);
    const legend = page.getByTestId('heat-legend');
    await legend.waitFor();
    const labels = (await page.getByTestId('heat-legend-item').allInnerTexts()).map((s) => s.trim());
    expect(labels[0]).toBe('0 件');
    // Buckets of whole numbers, ending at the busiest grid's count.
    expect(labels.length).toBeGreaterThan(1);
    for (const l of labels.slice(1)) expect(l).toMatch(/^\d+(–\d+)? 件$/);
    const busiest = await page.getByTestId('heat-busiest').innerText();
    expect(busiest).toMatch(/上报最多的网格：.+网格 \d+ 件/);
    const top = Number(/(\d+) 件/.exec(busiest.split('：')[1])![1]);
    expect(labels[labels.length - 1]).toMatch(new RegExp(`(^|–)${top} 件$`));
    await legend.scrollIntoViewIfNeeded();
    await shot(page, 'places-heat-map');
    await ctx.close();
  });
});
