import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { oracleAvailable, oracleQueue } from '../helpers/oracle.js';
import { GENERATED_CONTRACTS, generatedBase, talgenPatch } from './patch-cases.js';

// Values Talos re-encodes its own way, compared byte for byte with the Talos oracle: a patch with non-canonical
// but valid inputs for one Go type (or one YAML/JSON scalar rule) is applied to talgen's generated base config by
// talgen (patch → render) and by Talos (configpatcher + encode). One case per type; skipped without Go.

interface Case {
  name: string;
  /** Contracts whose Talos has the documents the patch uses. */
  contracts: readonly string[];
  patch: string;
}

const MULTIDOC = ['v1.12', 'v1.13'];

const CASES: Case[] = [
  {
    name: 'netip.Addr: route gateway and source, nameserver, bond ARP targets',
    contracts: MULTIDOC,
    patch: `apiVersion: v1alpha1
kind: LinkConfig
name: eth0
routes:
  - destination: 10.0.0.0/8
    gateway: FE80::0001%eth0
    source: 2001:db8::0:1
  - gateway: 0:0:0:0:0:0:0:1
---
apiVersion: v1alpha1
kind: ResolverConfig
nameservers:
  - address: 2001:4860:4860:0:0:0:0:8888
  - address: ::FFFF:8.8.8.8
---
apiVersion: v1alpha1
kind: BondConfig
name: bond0
links: [eth1]
bondMode: active-backup
arpIpTargets: [10.0.0.1, 2001:DB8::1]
`,
  },
  {
    name: 'netip.Prefix: link addresses, route destinations, WireGuard allowed IPs, firewall subnets',
    contracts: MULTIDOC,
    patch: `apiVersion: v1alpha1
kind: LinkConfig
name: eth0
addresses:
  - address: fdf6:d3fd:1748:0030::9/64
  - address: FE80:0:0:0:1:0:0:1/64
  - address: ::ffff:10.0.0.1/120
routes:
  - destination: 2001:DB8:0::/32
    gateway: 2001:db8::1
---
apiVersion: v1alpha1
kind: NetworkRuleConfig
name: ssh
portSelector:
  ports: [22]
  protocol: tcp
ingress:
  - subnet: 2001:0DB8::/32
    except: 2001:db8:0:0:1::/80
`,
  },
  {
    name: 'netip.AddrPort and netip.Prefix lists: a WireGuard peer',
    contracts: MULTIDOC,
    patch: `apiVersion: v1alpha1
kind: WireguardConfig
name: wg0
privateKey: GHpyXdCe1nOyFQbDmZCpLoeFF6Qhl3G4VnhIDJOo+EE=
peers:
  - publicKey: GHpyXdCe1nOyFQbDmZCpLoeFF6Qhl3G4VnhIDJOo+EE=
    endpoint: "[2001:DB8::1]:0051820"
    allowedIPs: [10.0.0.0/8, 2001:DB8::/32]
`,
  },
  {
    name: 'nethelpers.HardwareAddr: hex with colons anywhere, upper case',
    contracts: MULTIDOC,
    patch: `apiVersion: v1alpha1
kind: DummyLinkConfig
name: dummy0
hardwareAddr: 0011:22AA:BBCC
---
apiVersion: v1alpha1
kind: DHCPv6Config
name: eth0
duidRaw: 00:01:00:01:2A:3B:4C:5D:11:22:33:44:55:66
`,
  },
  {
    name: 'enums: names matched case-insensitively',
    contracts: MULTIDOC,
    patch: `apiVersion: v1alpha1
kind: BondConfig
name: bond0
links: [eth1]
bondMode: Active-Backup
---
apiVersion: v1alpha1
kind: EthernetConfig
name: eth0
wakeOnLan: [Magic, PHY]
---
apiVersion: v1alpha1
kind: UserVolumeConfig
name: data
provisioning:
  diskSelector:
    match: disk.size > 10u * GB
  minSize: 10GiB
  maxSize: 50%
filesystem:
  type: XFS
---
apiVersion: v1alpha1
kind: DHCPv4Config
name: eth0
clientIdentifier: MAC
`,
  },
  {
    name: 'enums and netip.Prefix in a routing rule (v1.13 on)',
    contracts: ['v1.13'],
    patch: `apiVersion: v1alpha1
kind: RoutingRuleConfig
name: "1000"
src: 10.0.0.0/8
dst: 2001:DB8::/32
table: Main
action: Unicast
`,
  },
  {
    name: 'url.URL: the scheme is lower-cased',
    contracts: MULTIDOC,
    patch: `apiVersion: v1alpha1
kind: KmsgLogConfig
name: remote
url: UDP://Example.com:514/a%2Fb?x=1#f
`,
  },
  {
    name: 'time.Duration: Duration.String() in the multi-document kinds',
    contracts: MULTIDOC,
    patch: `apiVersion: v1alpha1
kind: WatchdogTimerConfig
device: /dev/watchdog0
timeout: 120s
`,
  },
  {
    name: 'time.Duration and DiskSize in v1alpha1',
    contracts: GENERATED_CONTRACTS,
    patch: `machine:
  time:
    bootTimeout: 90s
  disks:
    - device: /dev/sdb
      partitions:
        - mountpoint: /var/mnt/a
          size: 100GB
        - mountpoint: /var/mnt/b
          size: 1000000
`,
  },
  {
    name: 'file modes and YAML 1.1 vs 1.2 integers in a strategic patch',
    contracts: GENERATED_CONTRACTS,
    patch: `machine:
  files:
    - path: /var/etc/a
      permissions: 0644
      op: create
      content: a
    - path: /var/etc/b
      permissions: 0o755
      op: create
      content: b
    - path: /var/etc/c
      permissions: 0x1ff
      op: create
      content: c
  network:
    interfaces:
      - interface: eth0
        mtu: 1_500
        dhcp: true
        vlans:
          - vlanId: 0x10
            mtu: 01400
`,
  },
  {
    name: 'free-form floats print as Go float64s (strategic patch)',
    contracts: GENERATED_CONTRACTS,
    patch: `cluster:
  apiServer:
    auditPolicy:
      apiVersion: audit.k8s.io/v1
      kind: Policy
      f: [1.0, 1e6, 1.5, .5, 1_000.5, 100000.0, -0.0, .inf, 1e400]
`,
  },
  {
    name: 'RFC 6902: a numeric string into an int field is refused',
    contracts: GENERATED_CONTRACTS,
    patch: `[{"op": "add", "path": "/machine/features/kubePrism", "value": {"enabled": true, "port": "7445"}}]`,
  },
  {
    name: 'RFC 6902: JSON numbers and bools into string fields',
    contracts: GENERATED_CONTRACTS,
    patch: `[{"op": "add", "path": "/machine/sysctls", "value": {"net.core.a": 1, "net.core.b": 1.0, "net.core.c": 1e3, "net.core.d": true, "net.core.e": 1000000.0, "net.core.f": 0.5, "net.core.g": 1E-7}}]`,
  },
  {
    name: 'RFC 6902: a whole float into a file mode',
    contracts: GENERATED_CONTRACTS,
    patch: `[{"op": "add", "path": "/machine/files", "value": [{"path": "/var/a", "op": "create", "content": "x", "permissions": 420.0}]}]`,
  },
  {
    name: 'RFC 6902: a string into a file mode is refused',
    contracts: GENERATED_CONTRACTS,
    patch: `[{"op": "add", "path": "/machine/files", "value": [{"path": "/var/a", "op": "create", "content": "x", "permissions": "420"}]}]`,
  },
  {
    name: 'RFC 6902: JSON numbers into types that read text, floats into unstructured values',
    contracts: GENERATED_CONTRACTS,
    patch: `[{"op": "add", "path": "/machine/kubelet/nodeIP", "value": {"validSubnets": ["FE80::1/64", 5]}}, {"op": "add", "path": "/machine/install/diskSelector", "value": {"size": 1000}}, {"op": "add", "path": "/cluster/apiServer/auditPolicy", "value": {"apiVersion": "audit.k8s.io/v1", "kind": "Policy", "x": {"a": 1.5, "b": 1e6, "c": 1.0, "d": 12345678901234567890}}}]`,
  },
  {
    name: 'RFC 6902: a string into an integer field is refused',
    contracts: GENERATED_CONTRACTS,
    patch: `[{"op": "add", "path": "/machine/files", "value": [{"path": "/var/a", "op": "create", "content": "x", "permissions": "1500"}]}]`,
  },
  {
    name: 'RFC 6902: a number into a duration is refused',
    contracts: GENERATED_CONTRACTS,
    patch: `[{"op": "add", "path": "/machine/time", "value": {"bootTimeout": 5}}]`,
  },
  {
    name: 'RFC 6902: a string into a bool is refused',
    contracts: GENERATED_CONTRACTS,
    patch: `[{"op": "add", "path": "/machine/install/wipe", "value": "true"}]`,
  },
];

const talgen = (contract: string, base: string, patch: string, name: string) => talgenPatch(contract, base, [patch], `reencode/${contract}/${name}`);

const bases = new Map<string, string>();
/** The base a case's patch goes to: RFC 6902 patches go to the v1alpha1 document alone (Talos refuses them on multi-document configs). */
function baseFor(c: Case, contract: string): string {
  if (!bases.has(contract)) bases.set(contract, generatedBase(contract));
  const full = bases.get(contract)!;
  return c.patch.startsWith('[') ? full.split(/^---\n/m)[0]! : full;
}

// every case is asked up front: one oracle batch per contract
const ask = oracleQueue();

for (const c of CASES) {
  const runs = c.contracts.map((contract) => {
    const base = baseFor(c, contract);
    return { contract, base, talos: ask(contract, { op: 'patch', config: base, patches: [c.patch] }) };
  });
  test(c.name, () => {
    for (const { contract, base, talos: answer } of runs) {
      if (!oracleAvailable(contract)) {
        console.log(`  skipped: no Talos oracle for ${contract} (needs Go; see scripts/build-oracle.sh)`);
        continue;
      }
      const talos = answer();
      const ours = talgen(contract, base, c.patch, c.name.replace(/\W+/g, '-'));
      if (talos.ok && ours.ok) assert.fixture(ours.out, talos.out, `${contract}`);
      else
        assert.is(
          ours.ok ? 'applied' : 'refused',
          talos.ok ? 'applied' : 'refused',
          `${contract}: talgen ${ours.ok ? 'applied' : ours.error}; Talos ${talos.ok ? 'applied' : talos.error}`,
        );
    }
  });
}

test.run();
