import type { WarningSink } from '../../core/issue.js';
import { isIP } from '../../core/ip.js';
import { TalgenError } from '../../core/errors.js';

/**
 * talhelper's conversion of Talos v1alpha1 `networkInterfaces` devices into the multi-document network configs of
 * Talos ≥ 1.12 (reference talhelper.md §2.6), in talhelper's order: link aliases, bond member aliases, bonds,
 * DHCP, VIPs, links, VLANs, WireGuard, bridges.
 */
type Doc = Record<string, unknown>;
type Device = Record<string, any>;
const V = 'v1alpha1';

function prefix(addr: string, where: string): string {
  if (addr.includes('/')) return addr;
  const fam = isIP(addr);
  if (!fam) throw new TalgenError(`"${addr}" is not an IP address or prefix`, { path: where });
  return `${addr}/${fam === 4 ? 32 : 128}`;
}

function route(r: Record<string, any>, where: string): Doc {
  const out: Doc = {};
  if (r.network) {
    const p = prefix(String(r.network), where);
    if (p !== '0.0.0.0/0' && p !== '::/0') out.destination = p;
  }
  if (r.gateway) out.gateway = String(r.gateway);
  if (r.source) out.source = String(r.source);
  if (r.metric) out.metric = r.metric;
  if (r.mtu) out.mtu = r.mtu;
  return out;
}

function commonLink(d: Device, where: string): Doc {
  const out: Doc = {};
  if (d.mtu) out.mtu = d.mtu;
  if (d.addresses?.length) out.addresses = d.addresses.map((a: string, i: number) => ({ address: prefix(String(a), `${where}.addresses[${i}]`) }));
  if (d.routes?.length) out.routes = d.routes.map((r: Record<string, any>, i: number) => route(r, `${where}.routes[${i}]`));
  return out;
}

/** Device selector → CEL expression over the link (talhelper's translation). */
export function selectorCEL(sel: Record<string, any>): string {
  const c: string[] = [];
  if (sel.hardwareAddr) c.push(`glob("${sel.hardwareAddr}", mac(link.hardware_addr))`);
  if (sel.permanentAddr) c.push(`glob("${sel.permanentAddr}", mac(link.permanent_addr))`);
  if (sel.busPath) c.push(`glob("${sel.busPath}", link.bus_path)`);
  if (sel.driver) c.push(`glob("${sel.driver}", link.driver)`);
  if (sel.pciID) c.push(`glob("${sel.pciID}", link.pciid)`);
  if (sel.physical !== undefined && sel.physical !== null) c.push(sel.physical ? 'link.type == 1' : 'link.type != 1');
  return c.join(' && ');
}

function dhcpDocs(name: string, opts: Record<string, any> | undefined): Doc[] {
  const o = opts ?? {};
  const docs: Doc[] = [];
  const metric = o.routeMetric;
  if (o.ipv4 !== false) docs.push({ apiVersion: V, kind: 'DHCPv4Config', name, ...(metric ? { routeMetric: metric } : {}) });
  if (o.ipv6 === true) docs.push({ apiVersion: V, kind: 'DHCPv6Config', name, ...(metric ? { routeMetric: metric } : {}) });
  return docs;
}

const BOND_FIELDS: [string, string][] = [
  ['mode', 'bondMode'],
  ['miimon', 'miimon'],
  ['updelay', 'updelay'],
  ['downdelay', 'downdelay'],
  ['useCarrier', 'useCarrier'],
  ['xmitHashPolicy', 'xmitHashPolicy'],
  ['arpInterval', 'arpInterval'],
  ['arpIPTarget', 'arpIpTargets'],
  ['arpValidate', 'arpValidate'],
  ['arpAllTargets', 'arpAllTargets'],
  ['lacpRate', 'lacpRate'],
  ['failOverMac', 'failOverMac'],
  ['adSelect', 'adSelect'],
  ['adActorSysPrio', 'adActorSysPrio'],
  ['adUserPortKey', 'adUserPortKey'],
  ['primaryReselect', 'primaryReselect'],
  ['resendIgmp', 'resendIGMP'],
  ['minLinks', 'minLinks'],
  ['lpInterval', 'lpInterval'],
  ['packetsPerSlave', 'packetsPerSlave'],
  ['numPeerNotif', 'numPeerNotif'],
  ['tlbDynamicLb', 'tlbLogicalLb'],
  ['allSlavesActive', 'allSlavesActive'],
  ['peerNotifyDelay', 'peerNotifDelay'],
];

export function networkDocuments(devicesIn: Record<string, unknown>[], nodeIndex: number, onWarning: WarningSink): Doc[] {
  const devices = devicesIn.map((d) => structuredClone(d) as Device);
  const where = (i: number) => `nodes[${nodeIndex}].networkInterfaces[${i}]`;
  const used = new Set(devices.map((d) => d.interface).filter(Boolean));
  const counters: Record<string, number> = { bond: 0, br: 0, wg: 0, ethSel: 0 };
  const aliases: Doc[] = [];
  devices.forEach((d) => {
    if (!d.deviceSelector) return;
    let name = d.interface as string | undefined;
    if (!name) {
      const base = d.bond ? 'bond' : d.bridge ? 'br' : d.wireguard ? 'wg' : 'ethSel';
      do name = `${base}${counters[base]!++}`;
      while (used.has(name));
      used.add(name);
      d.interface = name;
    }
    const match = selectorCEL(d.deviceSelector);
    if (match) aliases.push({ apiVersion: V, kind: 'LinkAliasConfig', name, selector: { match } });
  });
  const memberAliases: Doc[] = [];
  for (const d of devices) {
    (d.bond?.deviceSelectors ?? []).forEach((sel: Record<string, any>, i: number) => {
      const match = selectorCEL(sel);
      if (match) memberAliases.push({ apiVersion: V, kind: 'LinkAliasConfig', name: `${d.interface}-m${i}`, selector: { match } });
    });
  }
  const bonds: Doc[] = [];
  devices.forEach((d, i) => {
    if (!d.bond) return;
    const b = d.bond;
    const doc: Doc = { apiVersion: V, kind: 'BondConfig', name: d.interface };
    const links = [...(b.interfaces ?? []), ...(b.deviceSelectors ?? []).map((_: unknown, j: number) => `${d.interface}-m${j}`)];
    if (links.length) doc.links = links;
    for (const [from, to] of BOND_FIELDS) if (b[from] !== undefined && b[from] !== '' && b[from] !== 0) doc[to] = b[from];
    bonds.push({ ...doc, ...commonLink(d, where(i)) });
  });
  const dhcp: Doc[] = [];
  for (const d of devices) if (d.dhcp === true) dhcp.push(...dhcpDocs(d.interface, d.dhcpOptions));
  const vips: Doc[] = [];
  for (const d of devices) if (d.vip?.ip) vips.push({ apiVersion: V, kind: 'Layer2VIPConfig', name: d.vip.ip, link: d.interface });
  const links: Doc[] = [];
  devices.forEach((d, i) => {
    if (d.bond || d.wireguard || d.bridge) return;
    const common = commonLink(d, where(i));
    if (Object.keys(common).length) links.push({ apiVersion: V, kind: 'LinkConfig', name: d.interface, ...common });
  });
  const vlans: Doc[] = [];
  devices.forEach((d, i) => {
    for (const [j, v] of ((d.vlans ?? []) as Record<string, any>[]).entries()) {
      if (!v.vlanId) continue;
      const name = `${d.interface}.${v.vlanId}`;
      const doc: Doc = { apiVersion: V, kind: 'VLANConfig', name, vlanID: v.vlanId, parent: d.interface, ...commonLink(v, `${where(i)}.vlans[${j}]`) };
      vlans.push(doc);
      if (v.dhcp === true) vlans.push(...dhcpDocs(name, v.dhcpOptions));
      if (v.vip?.ip) vlans.push({ apiVersion: V, kind: 'Layer2VIPConfig', name: v.vip.ip, link: name });
    }
  });
  const wgs: Doc[] = [];
  devices.forEach((d, i) => {
    const w = d.wireguard;
    if (!w) return;
    const doc: Doc = { apiVersion: V, kind: 'WireguardConfig', name: d.interface };
    if (w.privateKey) doc.privateKey = w.privateKey;
    if (w.listenPort) doc.listenPort = w.listenPort;
    if (w.firewallMark) doc.firewallMark = w.firewallMark;
    if (w.peers?.length) {
      doc.peers = w.peers.map((p: Record<string, any>) => {
        const peer: Doc = {};
        if (p.publicKey) peer.publicKey = p.publicKey;
        if (p.endpoint) peer.endpoint = p.endpoint;
        if (p.persistentKeepaliveInterval) peer.persistentKeepaliveInterval = p.persistentKeepaliveInterval;
        if (p.allowedIPs?.length) peer.allowedIPs = p.allowedIPs;
        return peer;
      });
    }
    wgs.push({ ...doc, ...commonLink(d, where(i)) });
  });
  const bridges: Doc[] = [];
  devices.forEach((d, i) => {
    const br = d.bridge;
    if (!br) return;
    const doc: Doc = { apiVersion: V, kind: 'BridgeConfig', name: d.interface };
    if (br.interfaces?.length) doc.links = br.interfaces;
    if (br.stp?.enabled !== undefined) doc.stp = { enabled: br.stp.enabled };
    if (br.vlan?.vlanFiltering) doc.vlan = { filtering: br.vlan.vlanFiltering };
    bridges.push({ ...doc, ...commonLink(d, where(i)) });
  });
  devices.forEach((d, i) => {
    if (d.ignore || d.dummy || d.vip?.equinixMetal || d.vip?.hcloud) {
      onWarning(`${where(i)}: ignore/dummy/provider VIP settings have no multi-document equivalent and are not converted`);
    }
  });
  return [...aliases, ...memberAliases, ...bonds, ...dhcp, ...vips, ...links, ...vlans, ...wgs, ...bridges];
}
