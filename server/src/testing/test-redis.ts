/**
 * Logical databases of the test command's Redis (scripts/ensure-redis.sh) for each suite that uses it. Jest's two
 * workers can run two of these suites at once: on one logical database they counted each other's requests in the
 * shared rate limit (both assert exact 429 sequences) and one suite's FLUSHDB wiped the other's counters. Each
 * suite draws from its own range, at random for concurrent runs of the same suite on a shared machine.
 */
const RANGES = { tableCache: [1, 5], multiInstance: [6, 10], threeInstances: [11, 15] } as const;

export function testRedisUrl(serverUrl: string, suite: keyof typeof RANGES): string {
  const [first, last] = RANGES[suite];
  return `${serverUrl.replace(/\/\d*$/, '')}/${first + Math.floor(Math.random() * (last - first + 1))}`;
}
