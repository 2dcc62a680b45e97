// 测试用的街道底图瓦片服务：/tiles/{z}/{x}/{y}.png 现场生成 PNG，记下每次请求的 z/x/y
import { createServer } from 'node:http';
import { makeTilePng } from './lib.mjs';

export async function startTileServer() {
  const requests = [];
  const server = createServer((req, res) => {
    const m = /^\/tiles\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(req.url ?? '');
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    const [z, x, y] = m.slice(1).map(Number);
    requests.push({ z, x, y });
    res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' }).end(makeTilePng(z, x, y));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    template: `${origin}/tiles/{z}/{x}/{y}.png`,
    origin,
    requests,
    /** 关掉服务（之后的瓦片请求连不上，像离线一样） */
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  };
}

/** 标准 web-mercator 瓦片编号：经纬度在第 z 级落在哪一张瓦片 */
export function tileOf(lat, lng, z) {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return {
    z,
    x: Math.floor(((lng + 180) / 360) * n),
    y: Math.floor(((1 - Math.asinh(Math.tan(rad)) / Math.PI) / 2) * n),
  };
}
