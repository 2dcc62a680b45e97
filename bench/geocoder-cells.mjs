// What a reverse-geocoder cache per square cell would give, against the Tencent simulator's answers. Not part of the tests.
//   node bench/geocoder-cells.mjs [--dist server/dist]
// Each cell's first report asks the geocoder, later reports in the cell take its address. Printed per cell size: the
// share of calls saved, and how often a saved call's address differs from the one the point itself gets. Points: the
// bench's spot (run.mjs: 640 reports within 55 m of a landmark) and points spread evenly over the demo city.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs } from './args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = benchArgs();
const dist = join(root, args.dist ?? 'server/dist');
const require = createRequire(join(dist, 'main.js'));
const { simulatedPlace } = require('./geo/simulator/simulated-place.js');
const { demoAreas } = require('./demo/demo-city.js');
const { DEMO_LANDMARKS } = require('./demo/demo-streets.js');

const corners = demoAreas()
  .filter((a) => a.level === 'district')
  .flatMap((a) => a.geometry.coordinates[0]);
const [minLng, maxLng] = [Math.min(...corners.map((c) => c[0])), Math.max(...corners.map((c) => c[0]))];
const [minLat, maxLat] = [Math.min(...corners.map((c) => c[1])), Math.max(...corners.map((c) => c[1]))];
let seed = 12345;
const rnd = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
const spot = DEMO_LANDMARKS[0];
const kLng = Math.cos((spot.lat * Math.PI) / 180);
const shapes = [
  ['the bench spot', 640, (i) => ({ lat: spot.lat + (i % 50) * 1e-5 + (rnd() - 0.5) * 2e-4, lng: spot.lng + (rnd() - 0.5) * 2e-4 })],
  ['spread, 10,000 reports', 10_000, () => ({ lat: minLat + rnd() * (maxLat - minLat), lng: minLng + rnd() * (maxLng - minLng) })],
  ['spread, 100,000 reports', 100_000, () => ({ lat: minLat + rnd() * (maxLat - minLat), lng: minLng + rnd() * (maxLng - minLng) })],
];
const km = (deg, k = 1) => (deg * 111.32 * k).toFixed(2);
console.log(`service area ${km(maxLat - minLat)} km × ${km(maxLng - minLng, kLng)} km`);
for (const cellM of [5, 10, 20, 50]) {
  const dLat = cellM / 111_320;
  const dLng = dLat / kLng;
  for (const [name, n, point] of shapes) {
    const cells = new Map();
    let saved = 0;
    let checked = 0;
    let wrong = 0;
    for (let i = 0; i < n; i++) {
      const p = point(i);
      const cell = `${Math.floor(p.lat / dLat)},${Math.floor(p.lng / dLng)}`;
      if (!cells.has(cell)) {
        cells.set(cell, simulatedPlace(p.lat, p.lng)?.address);
        continue;
      }
      saved++;
      if (checked >= 3000) continue;
      checked++;
      if (simulatedPlace(p.lat, p.lng)?.address !== cells.get(cell)) wrong++;
    }
    const pct = (a, b) => ((100 * a) / Math.max(1, b)).toFixed(1);
    console.log(
      `cell ${cellM} m, ${name}: ${pct(saved, n)} % of calls saved; ${pct(wrong, checked)} % of ${checked} saved calls' addresses wrong`,
    );
  }
}
