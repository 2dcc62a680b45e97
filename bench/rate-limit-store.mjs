// CPU per rate-limit check against one client's hits in its window: @nestjs/throttler's in-memory store beside
// the app's RateLimitStorage (server/src/common/http/rate-limit-storage.ts), same process, same calls.
// Usage (repository root, after `cd server && pnpm build`): node bench/rate-limit-store.mjs [--calls 2000]
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(new URL('../server/package.json', import.meta.url));
const { ThrottlerStorageService } = require('@nestjs/throttler');
const { RateLimitStorage } = require('./dist/common/http/rate-limit-storage');
const { values } = parseArgs({ options: { calls: { type: 'string', default: '2000' } } });
const calls = Number(values.calls);

const stores = { '@nestjs/throttler': ThrottlerStorageService, RateLimitStorage };
console.log('hits in the window | ' + Object.keys(stores).join(' µs | ') + ' µs');
for (const hits of [10, 100, 1_000, 3_000, 15_000]) {
  const row = [];
  for (const Store of Object.values(stores)) {
    const store = new Store();
    for (let i = 0; i < hits; i++) await store.increment('client', 60_000, 1e9, 60_000, 'sensitive');
    const start = process.cpuUsage();
    for (let i = 0; i < calls; i++) await store.increment('client', 60_000, 1e9, 60_000, 'sensitive');
    const used = process.cpuUsage(start);
    row.push(((used.user + used.system) / calls).toFixed(2));
    store.onApplicationShutdown();
  }
  console.log(`${hits} | ${row.join(' | ')}`);
}
