// Camera-like 4-megapixel JPEGs (2304 × 1728, q92) for the upload benchmarks, made with sharp; seeded, so every
// run codes the same pictures.
//   grainy: smooth gradients with ±16 of per-pixel grain (a dim indoor or night shot: the hardest case for the encoder);
//   scene:  a sky-to-street gradient, a few dozen hard-edged shapes (bins, walls, signs) and ±8 of grain, softened
//           by a 0.6 px blur as a phone's noise reduction would (a daylight street photo).
export const W = 2304;
export const H = 1728;

function random(seed) {
  let s = (seed * 2654435761) >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s;
  };
}

const clip = (v) => (v < 0 ? 0 : v > 255 ? 255 : v);

export async function grainyPhoto(sharp, seed) {
  const px = Buffer.alloc(W * H * 3);
  const next = random(seed);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const grain = (next() >>> 27) - 16;
      const i = (y * W + x) * 3;
      px[i] = clip((((x * 255) / W + seed * 37) % 256) + grain);
      px[i + 1] = clip(((y * 255) / H) * 0.8 + 30 + grain);
      px[i + 2] = clip(128 + 100 * Math.sin((x + y + seed * 50) / 90) + grain);
    }
  return sharp(px, { raw: { width: W, height: H, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer();
}

export async function streetPhoto(sharp, seed) {
  const next = random(seed + 1000);
  const rnd = () => next() / 2 ** 32;
  const shapes = Array.from({ length: 40 }, () => {
    const c = `rgb(${Math.floor(rnd() * 255)},${Math.floor(rnd() * 255)},${Math.floor(rnd() * 255)})`;
    const x = Math.floor(rnd() * W);
    const y = Math.floor(H * 0.35 + rnd() * H * 0.65);
    const w = 40 + Math.floor(rnd() * 500);
    const h = 40 + Math.floor(rnd() * 400);
    return rnd() > 0.4
      ? `<rect x="${x}" y="${y - h}" width="${w}" height="${h}" fill="${c}" transform="rotate(${Math.floor(rnd() * 20 - 10)} ${x} ${y})"/>`
      : `<ellipse cx="${x}" cy="${y}" rx="${w / 2}" ry="${h / 3}" fill="${c}"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#8fb8e8"/><stop offset="0.4" stop-color="#dde6ee"/>
    <stop offset="0.41" stop-color="#777"/><stop offset="1" stop-color="#3d3d3d"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>${shapes}</svg>`;
  const { data } = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  for (let i = 0; i < data.length; i++) data[i] = clip(data[i] + (next() >>> 28) - 8);
  return sharp(data, { raw: { width: W, height: H, channels: 3 } })
    .blur(0.6)
    .jpeg({ quality: 92 })
    .toBuffer();
}

/** `n` photos, alternating street and grainy ones. */
export async function photos4mp(sharp, n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(i % 2 === 0 ? await streetPhoto(sharp, i + 1) : await grainyPhoto(sharp, i + 1));
  return out;
}
