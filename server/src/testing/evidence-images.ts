import sharp from 'sharp';

/** Deterministic pseudo-random numbers in [0, 1). */
function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export interface StreetSceneOptions {
  /** The scene's layout (the place). */
  place: number;
  /** Sensor grain and light of this shot. */
  shot?: number;
  /** How many of the "litter" shapes are left (default all 6). */
  litter?: number;
  /** Camera moved sideways by this share of the width. */
  shift?: number;
  width?: number;
  height?: number;
}

/**
 * A photo-like JPEG made with sharp: a textured background (blurred grain), "street" blocks that define
 * the place, and litter shapes. Two shots of one place differ in grain, light, framing and litter,
 * as a before- and an after-photo of one spot do.
 */
export async function streetScene(o: StreetSceneOptions): Promise<Buffer> {
  const width = o.width ?? 1200;
  const height = o.height ?? 900;
  const rnd = prng(o.place * 7919 + 17);
  const grain = prng((o.shot ?? 0) * 104729 + 3);
  const shift = Math.round((o.shift ?? 0) * width);
  const colour = () => `rgb(${Math.floor(rnd() * 255)},${Math.floor(rnd() * 255)},${Math.floor(rnd() * 255)})`;
  const blocks = Array.from({ length: 8 }, () => {
    const x = Math.floor(rnd() * width) - shift;
    const y = Math.floor(rnd() * height);
    return `<rect x="${x - 150}" y="${y - 100}" width="${200 + Math.floor(rnd() * 300)}" height="${150 + Math.floor(rnd() * 250)}" fill="${colour()}"/>`;
  });
  const litter = Array.from({ length: 6 }, () => {
    const x = Math.floor(rnd() * width) - shift;
    const y = Math.floor(height * 0.5 + rnd() * height * 0.5);
    return `<circle cx="${x}" cy="${y}" r="${25 + Math.floor(rnd() * 60)}" fill="${colour()}"/>`;
  }).slice(0, o.litter ?? 6);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${colour()}"/>${blocks.join('')}${litter.join('')}</svg>`;
  const noise = Buffer.alloc(width * height);
  for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(96 + grain() * 64);
  const texture = await sharp(noise, { raw: { width, height, channels: 1 } })
    .blur(2)
    .png()
    .toBuffer();
  const light = 0.85 + grain() * 0.3;
  return sharp(Buffer.from(svg))
    .composite([{ input: texture, blend: 'overlay' }])
    .modulate({ brightness: light })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** The same picture saved again at another quality and size. */
export async function reencoded(image: Buffer): Promise<Buffer> {
  return sharp(image).resize({ width: 900 }).jpeg({ quality: 55 }).toBuffer();
}

/** A cut-out of the picture: `share` of each side, at (left, top) as fractions. */
export async function cropped(image: Buffer, share: { w: number; h: number }, at: { left: number; top: number }): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(image).metadata();
  return sharp(image)
    .extract({
      left: Math.round(width * at.left),
      top: Math.round(height * at.top),
      width: Math.round(width * share.w),
      height: Math.round(height * share.h),
    })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** A cut-out as a phone's editor makes it: `share` of each side at (left, top), scaled and saved again. */
export async function cutOut(
  image: Buffer,
  share: { w: number; h: number },
  at: { left: number; top: number },
  save: { scale: number; quality: number },
): Promise<Buffer> {
  const { width = 0 } = await sharp(image).metadata();
  const cut = await cropped(image, share, at);
  return sharp(cut)
    .resize({ width: Math.round(width * share.w * save.scale) })
    .jpeg({ quality: save.quality })
    .toBuffer();
}

/**
 * A picture like the browser suites' (server/admin/e2e/harness.ts makePhoto): a flat colour, a dashed frame
 * and a caption in the middle. Two of them with the same colour and another caption are different pictures
 * that look alike in every hash.
 */
export async function captionCard(colour: string, caption: string): Promise<Buffer> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480"><rect width="100%" height="100%" fill="${colour}"/>` +
    `<rect x="90" y="170" width="460" height="140" fill="none" stroke="#fff" stroke-width="8" stroke-dasharray="24 12"/>` +
    `<text x="320" y="258" font-family="DejaVu Sans" font-size="48" fill="#fff" text-anchor="middle">${caption}</text></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}
