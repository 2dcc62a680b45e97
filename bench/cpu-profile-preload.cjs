// Preloaded into the server by bench/run.mjs --cpu-prof (node -r): records a CPU profile as
// `node --cpu-prof` does, but only of the load phase: the first SIGWINCH starts the profiler, the
// second stops it and writes $BENCH_CPU_PROFILE (a .cpuprofile file, readable by bench/profile-summary.mjs,
// Chrome DevTools or speedscope). Boot and photo uploads stay out of the profile.
// SIGWINCH because Nest's shutdown hooks take SIGUSR2 (and the usual signals) as a request to stop.
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');

const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 500 });
let running = false;
process.on('SIGWINCH', () => {
  if (!running) {
    running = true;
    session.post('Profiler.start');
    return;
  }
  running = false;
  // Callbacks of an in-thread session run synchronously.
  session.post('Profiler.stop', (err, result) => {
    if (!err) writeFileSync(process.env.BENCH_CPU_PROFILE, JSON.stringify(result.profile));
  });
});
