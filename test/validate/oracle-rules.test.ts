import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compareContracts, parseContract } from '../../src/core/contract.js';
import { renderConfig } from '../../src/emit/render.js';
import { formatIssue } from '../../src/core/issue.js';
import { MODES, validateConfig } from '../../src/validate/index.js';
import { toIssue } from '../../src/validate/issues.js';
import { type OracleValidation, oracleAvailable, oracleQueue, upFront } from '../helpers/oracle.js';
import { generatedDocs } from '../helpers/bundles.js';
import { TalgenError } from '../../src/core/errors.js';
import { encodeDocuments } from '../../src/emit/goyaml.js';

// Sweep: small variations of a generated config, one per Talos validation rule (v1alpha1_validation.go and the
// multi-document Validate methods), valid and invalid; talgen's verdict must be Talos's in every mode and release.

type Doc = Record<string, any>;
type Type = 'controlplane' | 'worker';

interface Case {
  name: string;
  type: Type;
  /** First contract the case applies to (fields it sets appeared then). */
  since?: string;
  change: (docs: Doc[]) => void;
}

const v1 = (docs: Doc[]): Doc => docs[0]!;
const iface = (docs: Doc[], device: Doc): void => {
  ((v1(docs).machine.network ??= {}).interfaces ??= []).push(device);
};

/** A worker that installs to the disk `selector` picks instead of a named disk. */
const selectorCase = (name: string, selector: Doc): Case => ({
  name,
  type: 'worker',
  change: (d) => {
    delete v1(d).machine.install.disk;
    v1(d).machine.install.diskSelector = selector;
  },
});

const CASES: Case[] = [
  { name: 'generated control plane', type: 'controlplane', change: () => {} },
  { name: 'generated worker', type: 'worker', change: () => {} },
  { name: 'persist: false', type: 'worker', change: (d) => void (v1(d).persist = false) },
  { name: 'unknown machine type', type: 'worker', change: (d) => void (v1(d).machine.type = 'bogus') },
  { name: 'no install section', type: 'worker', change: (d) => void delete v1(d).machine.install },
  { name: 'install without disk', type: 'worker', change: (d) => void delete v1(d).machine.install.disk },
  selectorCase('install with a disk selector', { size: '>= 100GB' }),
  ...['hdd', 'HDD', 'nvme', 'sd', 'ssd', 'SSD', 'floppy', ''].map((type) => selectorCase(`install with a disk selector of type ${type}`, { type })),
  selectorCase('install with an empty disk selector', {}),
  { name: 'extraKernelArgs', type: 'worker', change: (d) => void (v1(d).machine.install.extraKernelArgs = ['a=b']) },
  {
    name: 'extraKernelArgs with grubUseUKICmdline',
    type: 'worker',
    since: 'v1.12',
    change: (d) => {
      v1(d).machine.install.extraKernelArgs = ['a=b'];
      v1(d).machine.install.grubUseUKICmdline = true;
    },
  },
  {
    name: 'extraKernelArgs without grubUseUKICmdline',
    type: 'worker',
    since: 'v1.12',
    change: (d) => {
      v1(d).machine.install.extraKernelArgs = ['a=b'];
      v1(d).machine.install.grubUseUKICmdline = false;
    },
  },
  { name: 'hostDNS disabled', type: 'worker', since: 'v1.7', change: (d) => void (v1(d).machine.features.hostDNS = { enabled: false }) },
  {
    name: 'hostDNS forwarding without hostDNS',
    type: 'worker',
    since: 'v1.8',
    change: (d) => void (v1(d).machine.features.hostDNS = { enabled: false, forwardKubeDNSToHost: true }),
  },
  {
    name: 'hostDNS without forwarding',
    type: 'worker',
    since: 'v1.8',
    change: (d) => void (v1(d).machine.features.hostDNS = { enabled: true, forwardKubeDNSToHost: false }),
  },
  { name: 'no machine CA', type: 'worker', change: (d) => void delete v1(d).machine.ca },
  { name: 'control plane without the machine CA key', type: 'controlplane', change: (d) => void delete v1(d).machine.ca.key },
  { name: 'worker with the machine CA key', type: 'worker', change: (d) => void (v1(d).machine.ca.key = 'YQ==') },
  { name: 'worker with the cluster CA key', type: 'worker', change: (d) => void (v1(d).cluster.ca.key = 'YQ==') },
  { name: 'worker with a VIP', type: 'worker', change: (d) => iface(d, { interface: 'eth0', dhcp: true, vip: { ip: '10.0.0.10' } }) },
  { name: 'control plane with a VIP', type: 'controlplane', change: (d) => iface(d, { interface: 'eth0', dhcp: true, vip: { ip: '10.0.0.10' } }) },
  { name: 'VIP that is not an IP', type: 'controlplane', change: (d) => iface(d, { interface: 'eth0', dhcp: true, vip: { ip: 'nope' } }) },
  {
    name: 'interface that is a bond and a bridge',
    type: 'worker',
    change: (d) => iface(d, { interface: 'br0', bond: { interfaces: ['eth0'], mode: 'active-backup' }, bridge: { interfaces: ['eth1'] } }),
  },
  { name: 'interface without name or selector', type: 'worker', change: (d) => iface(d, { dhcp: true }) },
  { name: 'interface with name and selector', type: 'worker', change: (d) => iface(d, { interface: 'eth0', deviceSelector: { busPath: '0*' }, dhcp: true }) },
  { name: 'interface with a selector', type: 'worker', change: (d) => iface(d, { deviceSelector: { busPath: '0*' }, dhcp: true }) },
  {
    name: 'interface with cidr and addresses',
    type: 'worker',
    change: (d) => iface(d, { interface: 'eth0', cidr: '10.0.0.2/24', addresses: ['10.0.0.3/24'] }),
  },
  { name: 'interface with a bad address', type: 'worker', change: (d) => iface(d, { interface: 'eth0', addresses: ['not-an-ip'] }) },
  { name: 'interface with a bare address', type: 'worker', change: (d) => iface(d, { interface: 'eth0', addresses: ['10.0.0.3'] }) },
  {
    name: 'route with a bad network',
    type: 'worker',
    change: (d) => iface(d, { interface: 'eth0', routes: [{ network: '10.0.0.0/33', gateway: '10.0.0.1' }] }),
  },
  { name: 'route with a bad gateway', type: 'worker', change: (d) => iface(d, { interface: 'eth0', routes: [{ network: '0.0.0.0/0', gateway: 'nope' }] }) },
  { name: 'route without network and gateway', type: 'worker', change: (d) => iface(d, { interface: 'eth0', routes: [{ metric: 1024 }] }) },
  { name: 'route with a gateway only', type: 'worker', change: (d) => iface(d, { interface: 'eth0', routes: [{ gateway: '10.0.0.1' }] }) },
  {
    name: 'KubeSpan without discovery',
    type: 'worker',
    change: (d) => {
      v1(d).machine.network = { ...v1(d).machine.network, kubespan: { enabled: true } };
      v1(d).cluster.discovery = { enabled: false };
    },
  },
  { name: 'bad node label key', type: 'worker', change: (d) => void (v1(d).machine.nodeLabels = { 'bad key!': 'v' }) },
  { name: 'bad node label value', type: 'worker', change: (d) => void (v1(d).machine.nodeLabels = { a: 'bad value!' }) },
  { name: 'bad node annotation key', type: 'worker', since: 'v1.8', change: (d) => void (v1(d).machine.nodeAnnotations = { 'a/b/c': 'v' }) },
  { name: 'bad node taint effect', type: 'worker', since: 'v1.6', change: (d) => void (v1(d).machine.nodeTaints = { a: 'b:Sometimes' }) },
  { name: 'node taint without value', type: 'worker', since: 'v1.6', change: (d) => void (v1(d).machine.nodeTaints = { a: 'NoSchedule' }) },
  {
    name: 'Talos API access on a worker',
    type: 'worker',
    change: (d) => void (v1(d).machine.features.kubernetesTalosAPIAccess = { enabled: true, allowedRoles: ['os:reader'] }),
  },
  {
    name: 'Talos API access with an unknown role',
    type: 'controlplane',
    change: (d) => void (v1(d).machine.features.kubernetesTalosAPIAccess = { enabled: true, allowedRoles: ['os:nope'] }),
  },
  {
    name: 'Talos API access with a role of v1.13',
    type: 'controlplane',
    change: (d) => void (v1(d).machine.features.kubernetesTalosAPIAccess = { enabled: true, allowedRoles: ['os:reader', 'os:meta:writer'] }),
  },
  { name: 'no control plane endpoint', type: 'worker', change: (d) => void delete v1(d).cluster.controlPlane.endpoint },
  { name: 'control plane endpoint without a scheme', type: 'worker', change: (d) => void (v1(d).cluster.controlPlane.endpoint = '10.0.0.1:6443') },
  { name: 'control plane endpoint with a bad port', type: 'worker', change: (d) => void (v1(d).cluster.controlPlane.endpoint = 'https://10.0.0.1:99999') },
  { name: 'bad DNS domain', type: 'worker', change: (d) => void (v1(d).cluster.network.dnsDomain = 'bad_domain!') },
  { name: 'bad pod subnet', type: 'worker', change: (d) => void (v1(d).cluster.network.podSubnets = ['10.0.0.0/33']) },
  { name: 'etcd on a worker', type: 'worker', change: (d) => void (v1(d).cluster.etcd = { image: 'gcr.io/etcd-development/etcd:v3.5.0' }) },
  { name: 'unknown CNI', type: 'controlplane', change: (d) => void (v1(d).cluster.network.cni = { name: 'calico' }) },
  {
    name: 'flannel CNI with urls',
    type: 'controlplane',
    change: (d) => void (v1(d).cluster.network.cni = { name: 'flannel', urls: ['https://x.example/cni.yaml'] }),
  },
  {
    name: 'custom CNI with a url',
    type: 'controlplane',
    change: (d) => void (v1(d).cluster.network.cni = { name: 'custom', urls: ['https://x.example/cni.yaml'] }),
  },
  { name: 'custom CNI without urls', type: 'controlplane', change: (d) => void (v1(d).cluster.network.cni = { name: 'custom' }) },
  { name: 'inline manifest without a name', type: 'controlplane', change: (d) => void (v1(d).cluster.inlineManifests = [{ name: '', contents: 'a: b' }]) },
  {
    name: 'duplicate inline manifests',
    type: 'controlplane',
    change: (d) =>
      void (v1(d).cluster.inlineManifests = [
        { name: 'x', contents: 'a: b' },
        { name: 'x', contents: 'c: d' },
      ]),
  },
  {
    name: 'discovery endpoint with a path',
    type: 'worker',
    change: (d) => void (v1(d).cluster.discovery = { enabled: true, registries: { service: { endpoint: 'https://discovery.example/path' } } }),
  },
  { name: 'discovery without cluster.id', type: 'worker', change: (d) => void delete v1(d).cluster.id },
  { name: 'bad kubelet node IP subnet', type: 'worker', change: (d) => void (v1(d).machine.kubelet.nodeIP = { validSubnets: ['10.0.0.0/33'] }) },
  {
    name: 'excluded kubelet node IP subnet',
    type: 'worker',
    change: (d) => void (v1(d).machine.kubelet.nodeIP = { validSubnets: ['!10.0.0.0/8', '10.0.0.0/16'] }),
  },
  { name: 'kubelet extraConfig field Talos owns', type: 'worker', change: (d) => void (v1(d).machine.kubelet.extraConfig = { port: 1234 }) },
  { name: 'kubelet extraConfig field of the user', type: 'worker', change: (d) => void (v1(d).machine.kubelet.extraConfig = { maxPods: 200 }) },
  {
    name: 'KubeSpan without cluster.id',
    type: 'worker',
    change: (d) => {
      v1(d).machine.network = { ...v1(d).machine.network, kubespan: { enabled: true } };
      delete v1(d).cluster.id;
    },
  },
  {
    name: 'KubeSpan with a small MTU',
    type: 'worker',
    since: 'v1.7',
    change: (d) => {
      v1(d).machine.network = { ...v1(d).machine.network, kubespan: { enabled: true, mtu: 1000 } };
    },
  },
  {
    name: 'KubeSpan with a bad endpoint filter',
    type: 'worker',
    since: 'v1.7',
    change: (d) => {
      v1(d).machine.network = { ...v1(d).machine.network, kubespan: { enabled: true, filters: { endpoints: ['nope'] } } };
    },
  },
  {
    name: 'bond updelay without miimon',
    type: 'worker',
    change: (d) => iface(d, { interface: 'bond0', dhcp: true, bond: { interfaces: ['eth0'], mode: 'active-backup', updelay: 200 } }),
  },
  {
    name: 'bond downdelay not a multiple of miimon',
    type: 'worker',
    change: (d) => iface(d, { interface: 'bond0', dhcp: true, bond: { interfaces: ['eth0'], mode: 'active-backup', miimon: 100, downdelay: 150 } }),
  },
  {
    name: 'bond delays that are multiples of miimon',
    type: 'worker',
    change: (d) =>
      iface(d, { interface: 'bond0', dhcp: true, bond: { interfaces: ['eth0'], mode: 'active-backup', miimon: 100, updelay: 200, downdelay: 300 } }),
  },
  {
    name: 'bond of an unknown mode',
    type: 'worker',
    change: (d) => iface(d, { interface: 'bond0', dhcp: true, bond: { interfaces: ['eth0'], mode: 'fastest' } }),
  },
  { name: 'bond without a mode', type: 'worker', change: (d) => iface(d, { interface: 'bond0', dhcp: true, bond: { interfaces: ['eth0'] } }) },
  // Go plain-string fields whose value Talos checks only when set: "" reads as unset.
  { name: 'bond with an empty mode', type: 'worker', change: (d) => iface(d, { interface: 'bond0', dhcp: true, bond: { interfaces: ['eth0'], mode: '' } }) },
  {
    name: 'bond with every option empty',
    type: 'worker',
    change: (d) =>
      iface(d, {
        interface: 'bond0',
        dhcp: true,
        bond: {
          interfaces: ['eth0'],
          mode: 'active-backup',
          xmitHashPolicy: '',
          lacpRate: '',
          arpValidate: '',
          arpAllTargets: '',
          primaryReselect: '',
          failOverMac: '',
          adSelect: '',
        },
      }),
  },
  {
    name: 'machine file with an empty op',
    type: 'worker',
    change: (d) => void (v1(d).machine.files = [{ content: 'x', permissions: 0o644, path: '/var/f', op: '' }]),
  },
  {
    name: 'system disk encryption with an empty provider',
    type: 'worker',
    change: (d) => void (v1(d).machine.systemDiskEncryption = { ephemeral: { provider: '', keys: [{ slot: 0, nodeID: {} }] } }),
  },
  { name: 'empty node address sort algorithm', type: 'worker', since: 'v1.9', change: (d) => void (v1(d).machine.features.nodeAddressSortAlgorithm = '') },
  {
    name: 'logging destination with an empty format',
    type: 'worker',
    change: (d) => void (v1(d).machine.logging = { destinations: [{ endpoint: 'udp://127.0.0.1:1234', format: '' }] }),
  },
  { name: 'empty CNI name', type: 'controlplane', change: (d) => void (v1(d).cluster.network.cni = { name: '' }) },
  // Talos's deprecation warnings.
  { name: 'install extensions', type: 'worker', change: (d) => void (v1(d).machine.install.extensions = [{ image: 'ghcr.io/siderolabs/iscsi-tools:v0.1.4' }]) },
  { name: 'machine files', type: 'worker', change: (d) => void (v1(d).machine.files = [{ content: 'x', permissions: 0o644, path: '/var/f', op: 'create' }]) },
  {
    name: 'base runtime spec overrides',
    type: 'worker',
    since: 'v1.10',
    change: (d) => void (v1(d).machine.baseRuntimeSpecOverrides = { process: { rlimits: [] } }),
  },
  { name: 'interface with a cidr', type: 'worker', change: (d) => iface(d, { interface: 'eth0', cidr: '10.0.0.5/24' }) },
  {
    name: 'bond primary in 802.3ad mode',
    type: 'worker',
    change: (d) => iface(d, { interface: 'bond0', dhcp: true, bond: { interfaces: ['eth0'], mode: '802.3ad', primary: 'eth0' } }),
  },
  {
    name: 'bond lacpRate in 802.3ad mode',
    type: 'worker',
    change: (d) => iface(d, { interface: 'bond0', dhcp: true, bond: { interfaces: ['eth0'], mode: '802.3ad', lacpRate: 'fast' } }),
  },
  {
    name: 'bond arpIPTarget',
    type: 'worker',
    change: (d) => iface(d, { interface: 'bond0', dhcp: true, bond: { interfaces: ['eth0'], mode: 'active-backup', arpIPTarget: ['10.0.0.1'] } }),
  },
  {
    name: 'bond packetsPerSlave outside balance-rr',
    type: 'worker',
    change: (d) => iface(d, { interface: 'bond0', dhcp: true, bond: { interfaces: ['eth0'], mode: 'active-backup', packetsPerSlave: 2 } }),
  },
  {
    name: 'bond with a bad xmitHashPolicy',
    type: 'worker',
    change: (d) => iface(d, { interface: 'bond0', dhcp: true, bond: { interfaces: ['eth0'], mode: '802.3ad', xmitHashPolicy: 'nope' } }),
  },
  { name: 'ignored interface without name', type: 'worker', change: (d) => iface(d, { ignore: true, deviceSelector: { busPath: '0*' }, addresses: ['nope'] }) },
  {
    name: 'WireGuard with good keys and a peer',
    type: 'worker',
    change: (d) =>
      iface(d, {
        interface: 'wg0',
        wireguard: {
          privateKey: 'ONj6Iefel47uMKtWRCSMLan2UC5eW3Fj9Gsy9bkcyEc=',
          peers: [{ publicKey: 'Z4wVYrVhfhHJvNIcnuuNl2gsGcfJzYq2LqNq+x9DQdo=', endpoint: '192.168.1.3:51111', allowedIPs: ['10.0.0.0/8'] }],
        },
      }),
  },
  {
    name: 'WireGuard peer with a bad endpoint and allowed IP',
    type: 'worker',
    change: (d) =>
      iface(d, {
        interface: 'wg0',
        wireguard: {
          privateKey: 'ONj6Iefel47uMKtWRCSMLan2UC5eW3Fj9Gsy9bkcyEc=',
          peers: [{ publicKey: 'Z4wVYrVhfhHJvNIcnuuNl2gsGcfJzYq2LqNq+x9DQdo=', endpoint: '192.168.1.3', allowedIPs: ['10.0.0.1'] }],
        },
      }),
  },
  { name: 'etcd on a worker, empty', type: 'worker', change: (d) => void (v1(d).cluster.etcd = {}) },
  { name: 'etcd without a CA', type: 'controlplane', change: (d) => void delete v1(d).cluster.etcd.ca },
  {
    name: 'route with a bad source',
    type: 'worker',
    change: (d) => iface(d, { interface: 'eth0', routes: [{ network: '0.0.0.0/0', gateway: '10.0.0.1', source: 'x' }] }),
  },
  {
    name: 'kubelet image with a digest',
    type: 'worker',
    change: (d) =>
      void (v1(d).machine.kubelet.image = 'ghcr.io/siderolabs/kubelet:v1.30.0@sha256:0000000000000000000000000000000000000000000000000000000000000000'),
  },
  {
    name: 'bond lacpRate outside 802.3ad',
    type: 'worker',
    change: (d) => iface(d, { interface: 'bond0', dhcp: true, bond: { interfaces: ['eth0'], mode: 'active-backup', lacpRate: 'fast' } }),
  },
  {
    name: 'interface in two bonds',
    type: 'worker',
    change: (d) => {
      iface(d, { interface: 'bond0', dhcp: true, bond: { interfaces: ['eth0'], mode: 'active-backup' } });
      iface(d, { interface: 'bond1', dhcp: true, bond: { interfaces: ['eth0'], mode: 'active-backup' } });
    },
  },
  {
    name: 'bonded interface with addresses',
    type: 'worker',
    change: (d) => {
      iface(d, { interface: 'bond0', dhcp: true, bond: { interfaces: ['eth0'], mode: 'active-backup' } });
      iface(d, { interface: 'eth0', addresses: ['10.0.0.2/24'] });
    },
  },
  { name: 'empty device selector', type: 'worker', change: (d) => iface(d, { deviceSelector: {}, dhcp: true }) },
  {
    name: 'VLAN with cidr and addresses',
    type: 'worker',
    change: (d) => iface(d, { interface: 'eth0', vlans: [{ vlanId: 10, cidr: '10.0.0.2/24', addresses: ['10.0.0.3/24'] }] }),
  },
  { name: 'VLAN with a bad address', type: 'worker', change: (d) => iface(d, { interface: 'eth0', vlans: [{ vlanId: 10, addresses: ['nope'] }] }) },
  { name: 'WireGuard with a bad private key', type: 'worker', change: (d) => iface(d, { interface: 'wg0', wireguard: { privateKey: 'short' } }) },
  {
    name: 'disk partition filling the disk before another',
    type: 'worker',
    change: (d) => void (v1(d).machine.disks = [{ device: '/dev/sdb', partitions: [{ mountpoint: '/a' }, { mountpoint: '/b', size: '10GB' }] }]),
  },
  {
    name: 'system disk encryption without keys',
    type: 'worker',
    change: (d) => void (v1(d).machine.systemDiskEncryption = { state: { provider: 'luks2', keys: [] } }),
  },
  {
    name: 'system disk encryption with a key slot twice',
    type: 'worker',
    change: (d) =>
      void (v1(d).machine.systemDiskEncryption = {
        state: {
          provider: 'luks2',
          keys: [
            { slot: 0, nodeID: {} },
            { slot: 0, static: { passphrase: 'x' } },
          ],
        },
      }),
  },
  {
    name: 'system disk encryption key without parameters',
    type: 'worker',
    change: (d) => void (v1(d).machine.systemDiskEncryption = { state: { provider: 'luks2', keys: [{ slot: 0 }] } }),
  },
  {
    name: 'etcd subnet and advertised subnets',
    type: 'controlplane',
    change: (d) => Object.assign(v1(d).cluster.etcd, { subnet: '10.0.0.0/8', advertisedSubnets: ['10.0.0.0/8'] }),
  },
  { name: 'bad etcd advertised subnet', type: 'controlplane', change: (d) => void (v1(d).cluster.etcd.advertisedSubnets = ['10.0.0.0/33']) },
  { name: 'bad etcd listen subnet', type: 'controlplane', change: (d) => void (v1(d).cluster.etcd.listenSubnets = ['nope']) },
  {
    name: 'duplicate system extension',
    type: 'worker',
    change: (d) => void (v1(d).machine.install.extensions = [{ image: 'ghcr.io/x/y:1' }, { image: 'ghcr.io/x/y:1' }]),
  },
  {
    name: 'external cloud provider disabled with manifests',
    type: 'controlplane',
    change: (d) => void (v1(d).cluster.externalCloudProvider = { enabled: false, manifests: ['https://x.example/a.yaml'] }),
  },
  {
    name: 'external cloud provider with a bad manifest URL',
    type: 'controlplane',
    change: (d) => void (v1(d).cluster.externalCloudProvider = { enabled: true, manifests: ['::nope'] }),
  },
  { name: 'bad node address sort algorithm', type: 'worker', since: 'v1.9', change: (d) => void (v1(d).machine.features.nodeAddressSortAlgorithm = 'v3') },
  { name: 'kubelet image without a tag', type: 'worker', change: (d) => void (v1(d).machine.kubelet.image = 'ghcr.io/siderolabs/kubelet') },
  {
    name: 'HostnameConfig with hostname and auto',
    type: 'worker',
    since: 'v1.12',
    change: (d) => {
      const h = d.find((x) => x.kind === 'HostnameConfig')!;
      h.hostname = 'node-1';
    },
  },
  {
    name: 'HostnameConfig with a hostname',
    type: 'worker',
    since: 'v1.12',
    change: (d) => {
      const h = d.find((x) => x.kind === 'HostnameConfig')!;
      delete h.auto;
      h.hostname = 'node-1';
    },
  },
  { name: 'HostnameConfig and a v1alpha1 hostname', type: 'worker', since: 'v1.12', change: (d) => void (v1(d).machine.network = { hostname: 'node-1' }) },
  {
    name: 'ResolverConfig and v1alpha1 disableSearchDomain',
    type: 'worker',
    since: 'v1.12',
    change: (d) => {
      v1(d).machine.network = { ...v1(d).machine.network, disableSearchDomain: true };
      d.push({ apiVersion: 'v1alpha1', kind: 'ResolverConfig', searchDomains: { disableDefault: true } });
    },
  },
  ...docCases([
    ['KmsgLogConfig with a URL', 'v1.5', { kind: 'KmsgLogConfig', name: 'remote', url: 'udp://10.0.0.1:514' }],
    ['KmsgLogConfig without a URL', 'v1.5', { kind: 'KmsgLogConfig', name: 'remote' }],
    ['KmsgLogConfig with a URL of an unknown scheme', 'v1.5', { kind: 'KmsgLogConfig', name: 'remote', url: 'ftp://10.0.0.1:514' }],
    ['EventSinkConfig', 'v1.5', { kind: 'EventSinkConfig', endpoint: '10.0.0.1:4000' }],
    ['EventSinkConfig without a port', 'v1.5', { kind: 'EventSinkConfig', endpoint: '10.0.0.1' }],
    ['NetworkRuleConfig without ports', 'v1.6', { kind: 'NetworkRuleConfig', name: 'r', ingress: [{ subnet: '10.0.0.0/8' }] }],
    [
      'NetworkRuleConfig',
      'v1.6',
      { kind: 'NetworkRuleConfig', name: 'r', portSelector: { ports: [80], protocol: 'tcp' }, ingress: [{ subnet: '10.0.0.0/8' }] },
    ],
    ['ExtensionServiceConfig without a name', 'v1.7', { kind: 'ExtensionServiceConfig', environment: ['A=b'] }],
    ['ExtensionServiceConfig with a bad environment entry', 'v1.7', { kind: 'ExtensionServiceConfig', name: 'x', environment: ['nope'] }],
    ['TrustedRootsConfig without certificates', 'v1.8', { kind: 'TrustedRootsConfig', name: 'r' }],
    ['KubeSpanEndpointsConfig with a bad endpoint', 'v1.8', { kind: 'KubeSpanEndpointsConfig', extraAnnouncedEndpoints: ['10.0.0.1'] }],
    ['UserVolumeConfig without provisioning', 'v1.10', { kind: 'UserVolumeConfig', name: 'data' }],
    [
      'UserVolumeConfig',
      'v1.10',
      { kind: 'UserVolumeConfig', name: 'data', provisioning: { diskSelector: { match: 'disk.size > 10u * GB' }, maxSize: '50GiB' } },
    ],
    ['UserVolumeConfig with a bad name', 'v1.10', { kind: 'UserVolumeConfig', name: 'Data_1!', provisioning: { diskSelector: { match: 'true' } } }],
    ['VolumeConfig of EPHEMERAL', 'v1.8', { kind: 'VolumeConfig', name: 'EPHEMERAL', provisioning: { maxSize: '50GiB' } }],
    [
      'VolumeConfig encryption with an empty cipher',
      'v1.10',
      { kind: 'VolumeConfig', name: 'EPHEMERAL', encryption: { provider: 'luks2', cipher: '', keys: [{ slot: 0, nodeID: {} }] } },
    ],
    ['VolumeConfig of an unknown volume', 'v1.8', { kind: 'VolumeConfig', name: 'DATA', provisioning: { maxSize: '50GiB' } }],
    ['VolumeConfig with minSize above maxSize', 'v1.8', { kind: 'VolumeConfig', name: 'EPHEMERAL', provisioning: { minSize: '60GiB', maxSize: '50GiB' } }],
    ['RawVolumeConfig', 'v1.11', { kind: 'RawVolumeConfig', name: 'raw', provisioning: { diskSelector: { match: 'true' }, maxSize: '10GiB' } }],
    ['SwapVolumeConfig without provisioning', 'v1.11', { kind: 'SwapVolumeConfig', name: 'swap' }],
    ['ResolverConfig without nameservers', 'v1.12', { kind: 'ResolverConfig' }],
    ['TimeSyncConfig with NTP servers', 'v1.12', { kind: 'TimeSyncConfig', ntp: { servers: ['time.cloudflare.com'] } }],
    ['StaticHostConfig with a bad IP', 'v1.12', { kind: 'StaticHostConfig', name: 'nope', hostnames: ['a'] }],
    ['StaticHostConfig without hostnames', 'v1.12', { kind: 'StaticHostConfig', name: '10.0.0.1' }],
    ['LinkConfig with a bad address', 'v1.12', { kind: 'LinkConfig', name: 'eth0', addresses: [{ address: '10.0.0.1' }] }],
    ['LinkConfig', 'v1.12', { kind: 'LinkConfig', name: 'eth0', addresses: [{ address: '10.0.0.1/24' }], routes: [{ gateway: '10.0.0.254' }] }],
    ['LinkConfig route without gateway or destination', 'v1.12', { kind: 'LinkConfig', name: 'eth0', routes: [{ metric: 10 }] }],
    ['Layer2VIPConfig', 'v1.12', { kind: 'Layer2VIPConfig', name: '10.0.0.10', link: 'eth0' }],
    ['Layer2VIPConfig without a link', 'v1.12', { kind: 'Layer2VIPConfig', name: '10.0.0.10' }],
    ['Layer2VIPConfig named not an IP', 'v1.12', { kind: 'Layer2VIPConfig', name: 'vip', link: 'eth0' }],
    ['BondConfig without links', 'v1.12', { kind: 'BondConfig', name: 'bond0', bondMode: 'active-backup' }],
    ['VLANConfig without a parent', 'v1.12', { kind: 'VLANConfig', name: 'vlan10', vlanID: 10 }],
    ['DHCPv4Config', 'v1.12', { kind: 'DHCPv4Config', name: 'eth0' }],
    ['RegistryMirrorConfig', 'v1.12', { kind: 'RegistryMirrorConfig', name: 'docker.io', endpoints: [{ url: 'https://mirror.example' }] }],
    ['RegistryMirrorConfig with a bad endpoint', 'v1.12', { kind: 'RegistryMirrorConfig', name: 'docker.io', endpoints: [{ url: 'mirror.example' }] }],
    ['RegistryAuthConfig without credentials', 'v1.12', { kind: 'RegistryAuthConfig', name: 'ghcr.io' }],
    ['KubeSpanConfig with a small MTU', 'v1.13', { kind: 'KubeSpanConfig', enabled: true, mtu: 1000 }],
    ['KubeSpanConfig with a bad endpoint filter', 'v1.13', { kind: 'KubeSpanConfig', enabled: true, filters: { endpoints: ['nope'] } }],
    ['RoutingRuleConfig without action', 'v1.13', { kind: 'RoutingRuleConfig', name: '1000', src: '10.0.0.0/8', table: 'main' }],
    ['EnvironmentConfig with a bad name', 'v1.13', { kind: 'EnvironmentConfig', variables: { 'bad name': 'x' } }],
  ]),
];

/** One case per multi-document kind variation: a generated worker plus that document. */
function docCases(rows: [name: string, since: string, doc: Doc][]): Case[] {
  return rows.map(([name, since, doc]) => ({ name, type: 'worker', since, change: (d) => void d.push({ apiVersion: 'v1alpha1', ...doc }) }));
}

/**
 * Releases the sweep runs on: every release the oracle pins up to v1.13. The cases edit the v1alpha1 layout
 * (machine.install, cluster.network, machine.kubelet, …), which v1.14 moves into documents of their own.
 */
const CONTRACTS = ['v1.5', 'v1.6', 'v1.7', 'v1.8', 'v1.9', 'v1.10', 'v1.11', 'v1.12', 'v1.13'];

const ask = oracleQueue();

/** A case on one release: the config both sides judge, talgen's refusal to encode it, and Talos's verdict per mode. */
interface Trial {
  contractText: string;
  docs: Doc[];
  text: string;
  refused?: string;
  talos: (() => OracleValidation)[];
}

function trial(c: Case, contractText: string): Trial {
  const contract = parseContract(contractText);
  const docs = generatedDocs(contractText, c.type, { kubernetesVersion: '1.30.0', hostDNSForwardKubeDNSToHost: true });
  c.change(docs);
  // A value its Go type cannot read stops talgen when it encodes the config (Talos's decoder refuses it too).
  let text: string;
  let refused: string | undefined;
  try {
    text = renderConfig(docs, contract, 'talos');
  } catch (e) {
    if (!(e instanceof TalgenError)) throw e;
    refused = e.format();
    text = encodeDocuments(docs, { indent: 4 });
  }
  return { contractText, docs, text, refused, talos: MODES.map((mode) => ask(contractText, { op: 'validate', mode, config: text })) };
}

const applies = (c: Case) => (contractText: string) => !c.since || compareContracts(parseContract(contractText), parseContract(c.since)) >= 0;

// Every case's trials are made before any test runs, so that each release's oracle answers them all in one batch.
const TRIALS = new Map(CASES.map((c) => [c, upFront(() => CONTRACTS.filter(applies(c)).map((contractText) => trial(c, contractText)))]));

for (const c of CASES) {
  test(`talgen and Talos agree: ${c.name}`, () => {
    for (const { contractText, docs, refused, talos: verdicts } of TRIALS.get(c)!()) {
      if (!oracleAvailable(contractText)) {
        console.log(`  skipped: no Talos oracle for ${contractText} (needs Go; see scripts/build-oracle.sh)`);
        return;
      }
      const contract = parseContract(contractText);
      for (const [m, mode] of MODES.entries()) {
        const talos = verdicts[m]!();
        if (refused !== undefined) {
          assert.is(talos.ok, false, `${contractText} ${mode}: talgen refuses (${refused}); Talos says valid`);
          continue;
        }
        const issues = validateConfig(docs, { contract, mode });
        const errors = issues.filter((i) => i.severity === 'error');
        const talgen = errors.map((e) => formatIssue(toIssue(e))).join('\n');
        assert.is(talgen === '', talos.ok, `${contractText} ${mode}: Talos says ${talos.ok ? 'valid' : talos.error}; talgen says ${talgen || 'valid'}`);
        // a valid config: talgen warns as Talos does, in Talos's words
        if (talos.ok)
          assert.equal(
            issues
              .filter((i) => i.severity === 'warning')
              .map((w) => w.message)
              .sort(),
            [...talos.warnings].sort(),
            `${contractText} ${mode}: warnings`,
          );
        // talgen words these findings as Talos does
        for (const e of errors.filter((x) => x.rule === 'v1alpha1-conflict'))
          assert.ok(!talos.ok && talos.error.includes(e.message), `${contractText} ${mode}: ${e.message}`);
      }
    }
  });
}

test.run();
