import { isIP } from '../core/ip.js';
import type { Report } from './issues.js';
import { isAddressOrCIDR, isCIDR } from './net.js';
import { arr, obj, text, type Obj } from './read.js';

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

const BOND_MODES = ['balance-rr', 'active-backup', 'balance-xor', 'broadcast', '802.3ad', 'balance-tlb', 'balance-alb'];

/**
 * Bond options Talos allows only in some modes (`checkBond` in v1alpha1_validation.go), one row per option:
 * the option counts as set when `isSet` holds, and is then refused unless the bond's mode is in `modes`.
 */
const BOND_MODE_OPTIONS: readonly { option: string; isSet: (v: unknown) => boolean; modes: readonly string[] }[] = [
  { option: 'lacpRate', isSet: (v) => text(v) !== undefined, modes: ['802.3ad'] },
  { option: 'arpValidate', isSet: (v) => text(v) !== undefined, modes: ['balance-rr', 'active-backup', 'balance-xor', 'broadcast'] },
  { option: 'primary', isSet: (v) => text(v) !== undefined, modes: ['active-backup', 'balance-alb', 'balance-tlb'] },
  { option: 'arpInterval', isSet: (v) => num(v) > 0, modes: ['balance-rr', 'active-backup', 'balance-xor', 'broadcast'] },
  { option: 'packetsPerSlave', isSet: (v) => num(v) > 1, modes: ['balance-rr'] },
  { option: 'tlbDynamicLb', isSet: (v) => num(v) > 0, modes: ['balance-alb', 'balance-tlb'] },
  { option: 'adActorSysPrio', isSet: (v) => num(v) > 0, modes: ['802.3ad'] },
  { option: 'adUserPortKey', isSet: (v) => num(v) > 0, modes: ['802.3ad'] },
];

/** Bond options Talos refuses whatever the mode. */
const BOND_UNSUPPORTED = ['arpIPTarget', 'adActorSystem'];

function checkBond(bond: Obj, p: string, report: Report): void {
  const mode = text(bond.mode) ?? 'balance-rr';
  if (!BOND_MODES.includes(mode)) report(`${p}.mode`, 'bond', `invalid bond type ${mode}`);
  const miiMon = num(bond.miimon);
  for (const delay of ['updelay', 'downdelay']) {
    const value = num(bond[delay]);
    if (miiMon === 0 && value !== 0) report(`${p}.${delay}`, 'bond', `bond.${delay} can't be set if miimon is zero`);
    if (miiMon !== 0 && value % miiMon !== 0) report(`${p}.${delay}`, 'bond', `bond.${delay} should be a multiple of miimon`);
  }
  for (const option of BOND_UNSUPPORTED) {
    const v = bond[option];
    if (Array.isArray(v) ? v.length > 0 : text(v) !== undefined) report(`${p}.${option}`, 'bond', `bond.${option} is not supported`);
  }
  for (const row of BOND_MODE_OPTIONS) {
    if (row.isSet(bond[row.option]) && !row.modes.includes(mode)) report(`${p}.${row.option}`, 'bond', `bond.${row.option} is not available in ${mode} mode`);
  }
}

/** A WireGuard key: standard base64 of 32 bytes. */
function isWireguardKey(key: unknown): boolean {
  if (typeof key !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(key) || key.length % 4 !== 0) return false;
  return Buffer.from(key, 'base64').length === 32;
}

/** `host:port` as Go's net.SplitHostPort accepts it (IPv6 hosts in brackets). */
function hasPort(endpoint: string): boolean {
  const m = /^(?:\[([^\]]*)\]|([^:[\]]*)):([^:]*)$/.exec(endpoint);
  return m !== null && (m[1] === undefined || isIP(m[1]) === 6);
}

function checkWireguard(wg: Obj, p: string, report: Report): void {
  if (!isWireguardKey(wg.privateKey)) report(`${p}.privateKey`, 'wireguard', 'private key is not a base64 WireGuard key');
  for (const [i, raw] of arr(wg.peers).entries()) {
    const peer = obj(raw) ?? {};
    const at = `${p}.peers[${i}]`;
    if (!isWireguardKey(peer.publicKey)) report(`${at}.publicKey`, 'wireguard', 'public key is not a base64 WireGuard key');
    const endpoint = text(peer.endpoint);
    if (endpoint !== undefined && !hasPort(endpoint)) report(`${at}.endpoint`, 'wireguard', `peer endpoint "${endpoint}" is not host:port`);
    for (const [j, ip] of arr(peer.allowedIPs).entries()) {
      if (!isCIDR(String(ip))) report(`${at}.allowedIPs[${j}]`, 'wireguard', `peer allowed IP "${String(ip)}" is not a CIDR`);
    }
  }
}

function checkVlans(vlans: unknown[], p: string, report: Report): void {
  for (const [i, raw] of vlans.entries()) {
    const vlan = obj(raw) ?? {};
    const at = `${p}.vlans[${i}]`;
    if (text(vlan.cidr) && arr(vlan.addresses).length) report(at, 'vlan', "vlan can't have both cidr and addresses set");
    if (text(vlan.cidr) && !isAddressOrCIDR(String(vlan.cidr))) report(`${at}.cidr`, 'vlan', `"${String(vlan.cidr)}" is not a valid address`);
    for (const [j, a] of arr(vlan.addresses).entries()) {
      if (!isAddressOrCIDR(String(a))) report(`${at}.addresses[${j}]`, 'vlan', `"${String(a)}" is not a valid address`);
    }
  }
}

/** Talos's checks of `machine.network.interfaces` (v1alpha1_validation.go, the device checks). */
export function checkDevices(interfaces: unknown[], opts: { worker: boolean }, report: Report, warn: Report): void {
  const devices = interfaces.map((d) => obj(d) ?? {});
  // links that are a bond's or bridge's members: link name → the bond/bridge
  const members = new Map<string, string>();
  for (const [i, d] of devices.entries()) {
    const name = String(d.interface ?? '');
    const bond = obj(d.bond);
    const bridge = obj(d.bridge);
    if (bond && bridge) report(`machine.network.interfaces[${i}]`, 'bond-bridge', "interface can't be both a bond and a bridge");
    if (bond && arr(bond.interfaces).length && arr(bond.deviceSelectors).length) {
      report(`machine.network.interfaces[${i}].bond`, 'bond', 'bond interfaces and deviceSelectors are mutually exclusive');
    }
    for (const member of arr((bridge ?? bond)?.interfaces).map(String)) {
      const other = members.get(member);
      if (other !== undefined && other !== name) {
        report(`machine.network.interfaces[${i}]`, 'link-member', `interface "${member}" is declared as part of two separate links: "${other}" and "${name}"`);
      }
      members.set(member, name);
    }
  }

  for (const [i, d] of devices.entries()) {
    const p = `machine.network.interfaces[${i}]`;
    const vip = obj(d.vip);
    if (opts.worker && (vip || arr(d.vlans).some((v) => obj(obj(v)?.vip)))) {
      report(`${p}.vip`, 'worker-vip', 'virtual IPs are only allowed on control plane nodes');
    }
    if (d.ignore === true) continue;

    const hasIf = text(d.interface) !== undefined;
    const selector = obj(d.deviceSelector);
    if (hasIf === (selector !== undefined)) report(p, 'device-selector', 'exactly one of interface or deviceSelector must be set');
    if (selector && Object.values(selector).every((v) => v === undefined || v === null))
      report(`${p}.deviceSelector`, 'device-selector', 'deviceSelector must set at least one field');
    if (obj(d.bond)) checkBond(obj(d.bond)!, `${p}.bond`, report);
    if (obj(d.wireguard)) checkWireguard(obj(d.wireguard)!, `${p}.wireguard`, report);
    checkVlans(arr(d.vlans), p, report);

    if (members.has(String(d.interface ?? '')) && (d.dhcp === true || text(d.cidr) || arr(d.addresses).length || vip)) {
      report(p, 'link-member', 'a bond or bridge member must not have addressing (dhcp, addresses, cidr, vip)');
    }
    if (text(d.cidr) && arr(d.addresses).length) report(p, 'cidr-addresses', 'cidr and addresses are mutually exclusive');
    if (text(d.cidr)) {
      if (!isAddressOrCIDR(String(d.cidr))) report(`${p}.cidr`, 'address', `"${String(d.cidr)}" is not a valid address`);
      warn(
        `${p}.cidr`,
        'deprecated',
        `"${String(d.interface ?? '')}": machine.network.interface.cidr is deprecated, please use machine.network.interface.addresses`,
      );
    }
    for (const [j, a] of arr(d.addresses).entries()) {
      if (!isAddressOrCIDR(String(a))) report(`${p}.addresses[${j}]`, 'address', `"${String(a)}" is not a valid address`);
    }
    if (vip && !isIP(String(vip.ip ?? ''))) report(`${p}.vip.ip`, 'vip', `"${String(vip.ip ?? '')}" is not a valid IP`);
    for (const [j, r] of arr(d.routes).entries()) {
      const route = obj(r) ?? {};
      const at = `${p}.routes[${j}]`;
      if (text(route.network) && !isCIDR(String(route.network))) report(`${at}.network`, 'route', `"${String(route.network)}" is not a valid CIDR`);
      if (text(route.gateway) && !isIP(String(route.gateway))) report(`${at}.gateway`, 'route', `"${String(route.gateway)}" is not a valid IP`);
      if (!text(route.network) && !text(route.gateway)) report(at, 'route', 'either network or gateway should be set');
      if (text(route.source) && !isIP(String(route.source))) report(`${at}.source`, 'route', `"${String(route.source)}" is not a valid IP`);
    }
  }
}
