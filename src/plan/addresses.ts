/** A node's `ipAddress` may be a comma-separated list (talhelper's GetIPAddresses): its addresses in written order. */
export function splitAddresses(ip: string): string[] {
  return ip
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
