// The soak's growth verdict (bench/soak.mjs), apart so that it can be tested on made-up series
// (bench/soak-verdict.test.mjs: a leak fails, a cache filling up to its bound passes).
//
// A series is the samples of one metric of one instance: [tMs since the load started, value].
// 1. The warm-up (JIT, pools, the in-process caches filling to their bounds) is left out: samples before `warmupMs`.
// 2. Growth: the median of the last third of the rest against the median of its first third (medians, so one
//    late GC or one busy sample does not decide). Within max(abs, rel × first): flat, passes.
// 3. Above it, the series may still have been filling what is bounded (a cache reaching its size) early on and be
//    flat since: the middle third against the last third. A steady leak grows by half as much there as between the
//    first and last thirds, so a leak that broke the limit in 2 breaks half the limit here and still fails
//    (and one that grows faster at the end fails sooner); a step that happened in the first third and stayed level
//    passes as a plateau, with the level it reached printed.
// The slope (least squares, per hour) over the whole steady part and over its last half is reported, not judged:
// on a 10–20-minute run it is mostly the noise of the GC floor.

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Least-squares slope of [t, v] points, per hour of t (ms). */
export function slopePerHour(points) {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  const den = points.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  return den ? (points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0) / den) * 3_600_000 : 0;
}

/**
 * Judges one series. `limit`: { abs, rel } (growth allowed: max(abs, rel × the first third's median)).
 * Returns null when there are too few samples after the warm-up (fewer than 6), else
 * { verdict: 'flat' | 'plateau' | 'growing', ok, first, middle, last, growth, lateGrowth, allowed, perHour, lastHalfPerHour, why }.
 */
export function judgeSeries(allPoints, warmupMs, limit, fmt = (v) => String(Math.round(v))) {
  const points = allPoints.filter((p) => p[0] >= warmupMs && p[1] != null);
  if (points.length < 6) return null;
  const n = points.length;
  const third = Math.max(2, Math.floor(n / 3));
  const first = median(points.slice(0, third).map((p) => p[1]));
  const middle = median(points.slice(third, n - third).map((p) => p[1]));
  const last = median(points.slice(-third).map((p) => p[1]));
  const allowed = Math.max(limit.abs, limit.rel * first);
  const growth = last - first;
  const lateGrowth = last - middle;
  const perHour = slopePerHour(points);
  const lastHalfPerHour = slopePerHour(points.slice(Math.floor(n / 2)));
  const span = `${Math.round(points[0][0] / 1000)}–${Math.round(points[n - 1][0] / 1000)} s`;
  const base = { first, middle, last, growth, lateGrowth, allowed, perHour, lastHalfPerHour };
  if (growth <= allowed)
    return { ...base, verdict: 'flat', ok: true, why: `${fmt(first)} → ${fmt(last)} over ${span}, within ${fmt(allowed)}` };
  if (lateGrowth <= allowed / 2)
    return {
      ...base,
      verdict: 'plateau',
      ok: true,
      why:
        `${fmt(first)} → ${fmt(last)} over ${span} (more than ${fmt(allowed)}), but level since the middle third ` +
        `(${fmt(middle)} → ${fmt(last)}, within ${fmt(allowed / 2)}): a plateau, not a leak`,
    };
  return {
    ...base,
    verdict: 'growing',
    ok: false,
    why:
      `${fmt(first)} → ${fmt(last)} over ${span} (more than ${fmt(allowed)}), and still rising in the last third ` +
      `(${fmt(middle)} → ${fmt(last)}, more than ${fmt(allowed / 2)})`,
  };
}

/** Growth allowed per metric (bytes or counts), before the plateau rule. */
export const LIMITS = {
  heapUsed: { abs: 8 * 1048576, rel: 0.15, unit: 'MB', div: 1048576 },
  rss: { abs: 48 * 1048576, rel: 0.25, unit: 'MB', div: 1048576 },
  handles: { abs: 20, rel: 0.25, unit: '', div: 1 },
  fds: { abs: 20, rel: 0.25, unit: '', div: 1 },
  mysqlConns: { abs: 3, rel: 0.5, unit: '', div: 1 },
  redisConns: { abs: 1, rel: 0.5, unit: '', div: 1 },
};

/** A metric's value printed in its unit (MB with one decimal). */
export function formatter(limit) {
  return (v) => (limit.div > 1 ? `${(v / limit.div).toFixed(1)} ${limit.unit}` : String(Math.round(v)));
}
