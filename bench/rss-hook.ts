/**
 * Loaded with `node --import` by the benchmark: reports the process's peak RSS (KiB) and the CPU time it used
 * (user + system, µs) on fd 3 at exit.
 */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  try {
    const u = process.resourceUsage();
    writeSync(3, `${u.maxRSS} ${u.userCPUTime + u.systemCPUTime}\n`);
  } catch {
    // fd 3 not open: not run by the benchmark
  }
});
