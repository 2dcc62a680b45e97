import { sharp } from '../common/sharp';

/** A distinct, photo-like JPEG: a coloured background with a few shapes chosen by `seed`. */
export async function sceneJpeg(seed: number, size = { width: 640, height: 480 }): Promise<Buffer> {
  let s = seed * 9301 + 49297;
  const rnd = () => (s = (s * 9301 + 49297) % 233280) / 233280;
  const bg = `rgb(${Math.floor(rnd() * 200)},${Math.floor(rnd() * 200)},${Math.floor(rnd() * 200)})`;
  const shapes = Array.from({ length: 6 }, () => {
    const colour = `rgb(${Math.floor(rnd() * 255)},${Math.floor(rnd() * 255)},${Math.floor(rnd() * 255)})`;
    const x = Math.floor(rnd() * size.width);
    const y = Math.floor(rnd() * size.height);
    const r = 20 + Math.floor(rnd() * 120);
    return rnd() > 0.5
      ? `<circle cx="${x}" cy="${y}" r="${r}" fill="${colour}"/>`
      : `<rect x="${x - r}" y="${y - r / 2}" width="${r * 2}" height="${r}" fill="${colour}" transform="rotate(${Math.floor(rnd() * 90)} ${x} ${y})"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}"><rect width="100%" height="100%" fill="${bg}"/>${shapes}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}
