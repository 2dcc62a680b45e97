import type { INestApplicationContext } from '@nestjs/common';
import { DemoSeeder, type DemoSeedOutcome } from './demo-seeder';

/** For the database CLI: seeds the demo data into the app's database unless it was seeded before. */
export function runDemoSeed(app: INestApplicationContext): Promise<DemoSeedOutcome> {
  return app.get(DemoSeeder).seed();
}
