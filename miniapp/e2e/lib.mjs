// e2e 共用：生成测试照片（PNG），不依赖图片库
import { deflateSync } from 'node:zlib';

/** 8×6 blocks of random grey levels: a picture no other run made (a perceptual hash tells them apart) */
export function makeUniquePng(seed = Math.floor(Math.random() * 2147483646) + 1) {
  const w = 640,
    h = 480;
  let state = seed;
  const rnd = () => (state = (state * 16807) % 2147483647) / 2147483647;
  const levels = Array.from({ length: 48 }, () => Math.round(rnd() * 255));
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++) {
      const o = y * (w * 3 + 1) + 1 + x * 3;
      const v = levels[Math.floor(y / 80) * 8 + Math.floor(x / 80)];
      raw[o] = v;
      raw[o + 1] = Math.round(v * 0.8);
      raw[o + 2] = 255 - v;
    }
  }
  return encodePng(w, h, raw);
}

/** A 256×256 street-map tile: beige ground, a white cross of "streets" and a grey edge, tinted by x and y so tiles differ */
export function makeTilePng(z, x, y) {
  const n = 256;
  const raw = Buffer.alloc((n * 3 + 1) * n);
  const tint = ((x * 7 + y * 13 + z) % 5) * 6;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const o = j * (n * 3 + 1) + 1 + i * 3;
      const street = Math.abs(i - 128) < 7 || Math.abs(j - 100) < 5;
      const edge = i === 0 || j === 0;
      const [r, g, b] = edge ? [190, 190, 190] : street ? [255, 255, 255] : [236 - tint, 230, 214 + tint];
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
    }
  }
  return encodePng(n, n, raw);
}

function encodePng(w, h, raw) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Drags from the centre of `locator` by (dx, dy) CSS pixels, like a finger on the map.
 * The element is scrolled into view first and the drag starts only once its box has stopped moving
 * (scrolls and late layout shifts), and once the point under the finger is the element itself: on a fast
 * machine a box measured mid-scroll would put the pointer somewhere else and the drag would be lost.
 */
export async function dragFromCentre(page, locator, dx, dy) {
  await locator.scrollIntoViewIfNeeded();
  let box = await locator.boundingBox();
  for (let i = 0; i < 50; i++) {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const next = await locator.boundingBox();
    const hit =
      next &&
      (await locator.evaluate(
        (el, [x, y]) => {
          const at = document.elementFromPoint(x, y);
          return !!at && (at === el || el.contains(at));
        },
        [next.x + next.width / 2, next.y + next.height / 2],
      ));
    if (hit && box && next.x === box.x && next.y === box.y && next.width === box.width && next.height === box.height) break;
    box = next;
  }
  if (!box) throw new Error('drag target has no box');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y + dy, { steps: 5 });
  await page.mouse.up();
}
