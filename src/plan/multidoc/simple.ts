import { TalgenError } from '../../core/errors.js';
import type { PlannedNode } from '../types.js';

type Doc = Record<string, unknown>;
const V = 'v1alpha1';

function defined(o: Doc): Doc {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** ingressFirewall → NetworkDefaultActionConfig + one NetworkRuleConfig per rule. */
export function firewallDocuments(node: PlannedNode): Doc[] {
  const fw = node.ingressFirewall as { defaultAction?: string; rules?: Doc[] } | undefined;
  if (!fw) return [];
  const docs: Doc[] = [{ apiVersion: V, kind: 'NetworkDefaultActionConfig', ingress: fw.defaultAction }];
  for (const r of fw.rules ?? [])
    docs.push(defined({ apiVersion: V, kind: 'NetworkRuleConfig', name: r.name, portSelector: r.portSelector, ingress: r.ingress }));
  return docs;
}

/** extensionServices → ExtensionServiceConfig documents. */
export function extensionServiceDocuments(node: PlannedNode): Doc[] {
  return (node.extensionServices ?? []).map((s) =>
    defined({ apiVersion: V, kind: 'ExtensionServiceConfig', name: s.name, configFiles: s.configFiles, environment: s.environment }),
  );
}

function unique(list: Doc[], what: string, where: string): void {
  const seen = new Set<string>();
  list.forEach((v, i) => {
    const n = String(v.name);
    if (seen.has(n)) throw new TalgenError(`duplicated ${what} name "${n}"`, { path: `${where}[${i}].name` });
    seen.add(n);
  });
}

/** volumes → VolumeConfig, userVolumes → UserVolumeConfig (names must be unique). */
export function volumeDocuments(node: PlannedNode): Doc[] {
  const at = `nodes[${node.index}]`;
  unique(node.volumes ?? [], 'volume config', `${at}.volumes`);
  unique(node.userVolumes ?? [], 'user volume config', `${at}.userVolumes`);
  return [
    ...(node.volumes ?? []).map((v) => defined({ apiVersion: V, kind: 'VolumeConfig', name: v.name, provisioning: v.provisioning, encryption: v.encryption })),
    ...(node.userVolumes ?? []).map((v) =>
      defined({
        apiVersion: V,
        kind: 'UserVolumeConfig',
        name: v.name,
        volumeType: v.volumeType,
        provisioning: v.provisioning,
        filesystem: v.filesystem,
        encryption: v.encryption,
      }),
    ),
  ];
}
