// Screenshots of the 手机工作台 chapter of docs/guide-staff.md: takes the phone-size screenshots that the H5 staff suite
// (miniapp/e2e/staff.mjs) leaves in miniapp/e2e/artifacts and writes 540-px-wide palette PNGs to docs/guide-staff/.
//   E2E_BASE_URL=http://127.0.0.1:<port> node miniapp/e2e/staff.mjs && node scripts/guide-staff-mobile-shots.mjs
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ART = join(ROOT, 'miniapp', 'e2e', 'artifacts');
const OUT = join(ROOT, 'docs', 'guide-staff');
const sharp = createRequire(join(ROOT, 'server', 'package.json'))('sharp');

/** e2e screenshot → guide picture */
const SHOTS = {
  'staff-01-bind-wrong-code': 'mobile-01-bind',
  'staff-02-workbench': 'mobile-02-workbench',
  'staff-03-queue': 'mobile-03-queue',
  'staff-04-case': 'mobile-04-case',
  'staff-05-resolve-form': 'mobile-05-resolve',
  'staff-06-resolve-verdict': 'mobile-06-verdict',
  'staff-07-verify': 'mobile-07-verify',
  'staff-08-finding': 'mobile-08-finding',
};

for (const [from, to] of Object.entries(SHOTS)) {
  const src = join(ART, `${from}.png`);
  if (!existsSync(src)) throw new Error(`${src} missing: run miniapp/e2e/staff.mjs first`);
  const { height, width } = await sharp(src).metadata();
  // most pages are short: keep the top part (at most 1.6 × the width), where the content is; the finding form
  // is shown scrolled down to its photo and submit bar, so it stays whole
  const keep = to === 'mobile-08-finding' ? height : Math.min(height, Math.round(width * 1.6));
  await sharp(src)
    .extract({ left: 0, top: 0, width, height: keep })
    .resize({ width: 540 })
    .png({ palette: true, quality: 85, compressionLevel: 9 })
    .toFile(join(OUT, `${to}.png`));
}
console.log(`screenshots written to ${OUT}`);
