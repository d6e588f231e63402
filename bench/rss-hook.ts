/** Loaded with `node --import` by the benchmark: reports the process's peak RSS (KiB) on fd 3 at exit. */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  try {
    writeSync(3, `${process.resourceUsage().maxRSS}\n`);
  } catch {
    // fd 3 not open: not run by the benchmark
  }
});
