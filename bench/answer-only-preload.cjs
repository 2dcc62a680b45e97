// A measurement, not a product setting: `node -r bench/answer-only-preload.cjs dist/main.js` with SERVER_BUNDLE=off
// runs the server with the work a submission leaves behind switched off — the image check's dispatch
// (ImageCheckQueue) and the address lookup (AddressFillQueue) drop their jobs — so a bench's server CPU per report is
// the answer path's alone (docs/performance.md, "Report intake, fourteenth round"). The photos stay `pending`.
const Module = require('node:module');

if (process.env.SERVER_BUNDLE !== 'off')
  throw new Error('answer-only-preload needs SERVER_BUNDLE=off: the bundle does not load its modules one by one');

const TARGETS = [/[\\/]reports[\\/]image-check-queue\.js$/, /[\\/]reports[\\/]address-fill-queue\.js$/];
const load = Module._load;
Module._load = function (request, parent) {
  const exports = load.apply(this, arguments);
  const file = parent ? resolved(request, parent) : null;
  if (file && TARGETS.some((t) => t.test(file)))
    for (const value of Object.values(exports))
      if (typeof value === 'function' && typeof value.prototype?.enqueue === 'function') value.prototype.enqueue = () => {};
  return exports;
};

function resolved(request, parent) {
  try {
    return Module._resolveFilename(request, parent);
  } catch {
    return null;
  }
}
