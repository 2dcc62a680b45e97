// node --test bench/soak-verdict.test.mjs — the soak's growth verdict still fails on a leak.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeSeries, LIMITS } from './soak-verdict.mjs';

const MB = 1048576;
const heap = LIMITS.heapUsed;
/** A sample every 30 s for `minutes`, value(t in s) in MB, with ±0.4 MB of GC-floor noise (seeded). */
function series(minutes, value) {
  let s = 7;
  const noise = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return (s / 2 ** 31 - 0.5) * 0.8;
  };
  const out = [];
  for (let t = 30; t <= minutes * 60; t += 30) out.push([t * 1000, (value(t) + noise()) * MB]);
  return out;
}
const warmup = (minutes) => Math.max(120_000, minutes * 60_000 * 0.2);

test('a steady leak of 2 MB a minute fails, in 10 and in 20 minutes', () => {
  for (const minutes of [10, 20]) {
    const r = judgeSeries(
      series(minutes, (t) => 70 + (2 * t) / 60),
      warmup(minutes),
      heap,
    );
    assert.equal(r.verdict, 'growing', `${minutes} min: ${r.why}`);
    assert.equal(r.ok, false);
  }
});

test('a slower leak that still breaks the limit over the run fails (1.5 MB a minute, 20 minutes)', () => {
  const r = judgeSeries(
    series(20, (t) => 70 + (1.5 * t) / 60),
    warmup(20),
    heap,
  );
  assert.equal(r.ok, false, r.why);
});

test('a leak that only starts late in the run fails', () => {
  const r = judgeSeries(
    series(20, (t) => (t < 800 ? 75 : 75 + (3 * (t - 800)) / 60)),
    warmup(20),
    heap,
  );
  assert.equal(r.ok, false, r.why);
});

test('the quiet-machine run of stop 12 (69 → 79 MB in minutes 3–6, then level): a plateau, passes', () => {
  // mysql-a's heap after GC, MB, every 30 s (docs/reliability.md, 2026-12-06 01:18 UTC).
  const recorded = [
    67.01, 66.5, 66.56, 68.09, 68.16, 68.65, 75.78, 75.6, 76.38, 76.22, 78.49, 78.58, 78.73, 78.76, 78.82, 79.28, 79.23, 79.15, 79.34,
    79.54,
  ];
  const r = judgeSeries(
    recorded.map((v, i) => [(i + 1) * 30_000, v * MB]),
    warmup(10),
    heap,
  );
  assert.equal(r.verdict, 'plateau', r.why);
  assert.equal(r.ok, true);
});

test('caches filling to their bound in the first third, then flat: a plateau; flat series: flat', () => {
  const filling = judgeSeries(
    series(20, (t) => 70 + Math.max(0, Math.min(12, (12 * (t - 420)) / 60))),
    warmup(20),
    heap,
  );
  assert.equal(filling.verdict, 'plateau', filling.why);
  const flat = judgeSeries(
    series(20, () => 80),
    warmup(20),
    heap,
  );
  assert.equal(flat.verdict, 'flat', flat.why);
});

test('too few samples after the warm-up: no verdict', () => {
  assert.equal(
    judgeSeries(
      series(3, () => 80),
      warmup(3),
      heap,
    ),
    null,
  );
});
