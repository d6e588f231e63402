import { TalgenError } from '../core/errors.js';
import { parseGoDuration } from '../model/gotypes.js';

const NS_PER_HOUR = 3600e9;

/**
 * `--crt-ttl` as talosctl reads it (a Go duration: `8760h`, `1h30m`, `90m`) → hours. Talos refuses a TTL that is
 * not positive ("crt_ttl should be positive"), so `0` and negative durations are errors here too.
 */
export function parseCrtTtl(text: string, flag = '--crt-ttl'): number {
  const ns = parseGoDuration(text.trim());
  if (ns === undefined) throw new TalgenError(`"${text}" is not a Go duration`, { path: flag, hint: 'use e.g. 8760h (one year), 720h, 1h30m or 90m' });
  if (ns <= 0) throw new TalgenError(`the certificate TTL must be positive, not "${text}"`, { path: flag, hint: 'use e.g. 8760h (one year) or 1h' });
  return ns / NS_PER_HOUR;
}
