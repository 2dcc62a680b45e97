// Part of `pnpm run build` (after tsc): draws and processes the demo seed's pictures once, into dist/demo-scenes/<encoder>/,
// so that a first start with demo data stores finished files instead of making them (reports/prepared-scenes.ts).
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const require = createRequire(join(DIST, 'main.js'));
const { DEMO_SCENE_SEEDS, writePreparedScenes } = require('./reports/prepared-scenes.js');
const { DEFAULT_PHOTO_JPEG_ENCODER } = require('./uploads/image-processor.js');

const out = join(DIST, 'demo-scenes');
rmSync(out, { recursive: true, force: true });
const started = performance.now();
await writePreparedScenes(join(out, DEFAULT_PHOTO_JPEG_ENCODER), DEMO_SCENE_SEEDS, DEFAULT_PHOTO_JPEG_ENCODER);
console.log(`demo scenes: ${DEMO_SCENE_SEEDS.length} pictures in dist/demo-scenes (${Math.round(performance.now() - started)} ms)`);
