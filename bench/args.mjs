/**
 * The command line's `--name value` options, as strings by name: `node bench/run.mjs --db both --seconds 8` gives
 * `{ db: 'both', seconds: '8' }`. Each bench applies its own defaults to the options that are absent.
 */
export function benchArgs(argv = process.argv.slice(2)) {
  return Object.fromEntries(argv.flatMap((v, i) => (v.startsWith('--') ? [[v.slice(2), argv[i + 1]]] : [])));
}
