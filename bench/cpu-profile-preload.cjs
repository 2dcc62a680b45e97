// Preloaded into the server by bench/run.mjs --cpu-prof (node -r): records a CPU profile as
// `node --cpu-prof` does, but only of the load phase: the first SIGWINCH starts the profiler, the
// second stops it and writes $BENCH_CPU_PROFILE (a .cpuprofile file, readable by bench/profile-summary.mjs,
// Chrome DevTools or speedscope), named after the phase bench/run.mjs wrote into $BENCH_CPU_PROFILE.phase
// (`<file>-<phase>.cpuprofile`), so one server run yields one profile per load phase. Boot and photo uploads stay out of the profile.
// SIGWINCH because Nest's shutdown hooks take SIGUSR2 (and the usual signals) as a request to stop.
const { Session } = require('node:inspector');
const { readFileSync, writeFileSync } = require('node:fs');

const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 500 });
let running = false;
// bench/boot.mjs: profile the boot from here, the first line the process runs; one SIGWINCH stops and writes.
if (process.env.BENCH_CPU_PROFILE_FROM_START) {
  running = true;
  session.post('Profiler.start');
}
process.on('SIGWINCH', () => {
  if (!running) {
    running = true;
    session.post('Profiler.start');
    return;
  }
  running = false;
  // Callbacks of an in-thread session run synchronously.
  let phase = '';
  try {
    phase = readFileSync(`${process.env.BENCH_CPU_PROFILE}.phase`, 'utf8').trim();
  } catch {
    // no phase named: the plain file name
  }
  const file = phase ? process.env.BENCH_CPU_PROFILE.replace(/(\.cpuprofile)?$/, `-${phase}.cpuprofile`) : process.env.BENCH_CPU_PROFILE;
  session.post('Profiler.stop', (err, result) => {
    if (!err) writeFileSync(file, JSON.stringify(result.profile));
  });
});
