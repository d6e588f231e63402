/**
 * talhelper's group → node merge (reference talhelper.md §2.4), field by field and shallow:
 * group `patches` go first (unless overridePatches); `certSANs`/`extraManifests` are node list + group list
 * (unless overrideMachineCertSANs/overrideExtraManifests); every other field is the node's when set, else the group's.
 */
type Obj = Record<string, unknown>;

const NODE_ONLY = new Set([
  'hostname', 'ipAddress', 'controlPlane', 'installDisk', 'installDiskSelector', 'ignoreHostname',
  'overridePatches', 'overrideExtraManifests', 'overrideMachineCertSANs',
]);

function isZero(v: unknown): boolean {
  return v === undefined || v === null || v === '' || v === false || v === 0;
}

export function mergeGroupIntoNode(node: Obj, group: Obj | undefined): Obj {
  const out: Obj = { ...node };
  if (!group) return out;
  for (const [k, gv] of Object.entries(group)) {
    if (NODE_ONLY.has(k)) continue;
    const nv = node[k];
    if (k === 'patches') {
      out.patches = node.overridePatches ? nv : [...((gv as unknown[]) ?? []), ...((nv as unknown[]) ?? [])];
    } else if (k === 'certSANs') {
      out.certSANs = node.overrideMachineCertSANs ? nv : [...((nv as unknown[]) ?? []), ...((gv as unknown[]) ?? [])];
    } else if (k === 'extraManifests') {
      out.extraManifests = node.overrideExtraManifests ? nv : [...((nv as unknown[]) ?? []), ...((gv as unknown[]) ?? [])];
    } else if (isZero(nv)) {
      out[k] = gv;
    }
  }
  return out;
}

/** Where each patch of a merged node came from, for error messages (`controlPlane.patches[0]`, `nodes[2].patches[1]`). */
export function patchLabels(nodeIndex: number, node: Obj, group: Obj | undefined, groupName: string): string[] {
  const own = ((node.patches as unknown[]) ?? []).map((_, i) => `nodes[${nodeIndex}].patches[${i}]`);
  if (node.overridePatches || !group) return own;
  const fromGroup = ((group.patches as unknown[]) ?? []).map((_, i) => `${groupName}.patches[${i}]`);
  return [...fromGroup, ...own];
}
