// Preloaded by bench/startup.ts into each measured process: on exit, its own CPU time (user +
// system, µs) goes to file descriptor 3, so start-up can be compared in CPU as well as wall time
// (wall time moves with whatever else the machine runs).
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  try {
    require('node:fs').writeSync(3, `${user + system}\n`);
  } catch {
    // not measured: no descriptor 3
  }
});
