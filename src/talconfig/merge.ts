/**
 * talhelper's group → node merge (reference talhelper.md §2.4, talhelper's mergeNodeConfigs), field by field and shallow:
 * - `patches`: the group's list goes first, then the node's — unless the node sets `overridePatches`;
 * - `certSANs` / `extraManifests`: the node's list, then the group's — unless `overrideMachineCertSANs` /
 *   `overrideExtraManifests`;
 * - every NodeConfigs field (the lists above included): the node's value when it is not Go's zero value, else the
 *   group's, replaced whole (maps and schematics are not merged; a node `false` cannot undo a group `true`).
 * "Zero" follows the Go field kind: absent/null for maps, slices and pointers (an explicit `{}` or `[]` is a value and
 * wins), `""` for strings, `false` for bools, all-zero fields for the `machineSpec` struct. As in talhelper, a node with
 * an override flag but no list of its own still gets the group's list (write `patches: []` to get none).
 */
import { NODE_CONFIG_FIELDS, type NodeConfigs, type NodeGroup, type NodeSpec, type Node, type Obj, type Origin, type Talconfig } from './types.js';

type Kind = (typeof NODE_CONFIG_FIELDS)[keyof typeof NODE_CONFIG_FIELDS];

function isZeroValue(v: unknown, kind: Kind): boolean {
  if (v === undefined || v === null) return true;
  switch (kind) {
    case 'string':
      return v === '';
    case 'bool':
      return v === false;
    case 'struct':
      return (
        typeof v === 'object' && !Array.isArray(v) && Object.values(v as Obj).every((f) => f === undefined || f === null || f === '' || f === false || f === 0)
      );
    default:
      return false;
  }
}

const label = (path: (string | number)[]) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

function origins(list: unknown, base: (string | number)[]): Origin[] {
  return Array.isArray(list) ? list.map((_, i) => ({ path: [...base, i], label: label([...base, i]) })) : [];
}

/**
 * Merge the group (`controlPlane` or `worker`, by `node.controlPlane`) into node `index` of `config.nodes`.
 * The result keeps the node-only fields, every merged NodeConfigs field, and where merged list entries came from.
 */
export function mergeNode(config: Pick<Talconfig, 'controlPlane' | 'worker'>, node: Node, index: number): NodeSpec {
  const groupName: NodeGroup = node.controlPlane === true ? 'controlPlane' : 'worker';
  const group = (config[groupName] ?? {}) as Obj;
  const own = node as unknown as Obj;
  const nodePath = ['nodes', index];
  const lists: Record<'patches' | 'certSANs' | 'extraManifests', { value: unknown; origins: Origin[] }> = {
    patches: { value: own.patches, origins: origins(own.patches, [...nodePath, 'patches']) },
    certSANs: { value: own.certSANs, origins: origins(own.certSANs, [...nodePath, 'certSANs']) },
    extraManifests: { value: own.extraManifests, origins: origins(own.extraManifests, [...nodePath, 'extraManifests']) },
  };
  const combine = (field: keyof typeof lists, override: unknown, groupFirst: boolean) => {
    const g = group[field];
    if (!Array.isArray(g) || g.length === 0 || override === true) return;
    const n = Array.isArray(own[field]) ? (own[field] as unknown[]) : [];
    const gOrig = origins(g, [groupName, field]);
    const nOrig = lists[field].origins;
    lists[field] = groupFirst ? { value: [...g, ...n], origins: [...gOrig, ...nOrig] } : { value: [...n, ...g], origins: [...nOrig, ...gOrig] };
  };
  combine('patches', own.overridePatches, true);
  combine('extraManifests', own.overrideExtraManifests, false);
  combine('certSANs', own.overrideMachineCertSANs, false);

  const out: Obj = {};
  // Node-only fields first, as the node wrote them.
  for (const [k, v] of Object.entries(own)) if (!(k in NODE_CONFIG_FIELDS)) out[k] = v;
  const sourceOf: NodeSpec['sourceOf'] = {};
  const spec = { origins: { patches: [] as Origin[], certSANs: [] as Origin[], extraManifests: [] as Origin[] } };
  for (const [field, kind] of Object.entries(NODE_CONFIG_FIELDS) as [keyof NodeConfigs, Kind][]) {
    const isList = field === 'patches' || field === 'certSANs' || field === 'extraManifests';
    const nv = isList ? lists[field].value : own[field];
    if (!isZeroValue(nv, kind)) {
      out[field] = nv;
      sourceOf[field] = 'node';
      if (isList) spec.origins[field] = lists[field].origins;
    } else if (group[field] !== undefined && group[field] !== null) {
      out[field] = group[field];
      sourceOf[field] = groupName;
      if (isList) spec.origins[field] = origins(group[field], [groupName, field]);
    } else if (nv !== undefined) {
      out[field] = nv;
    }
  }
  return { ...(out as unknown as Node), index, controlPlane: node.controlPlane === true, group: groupName, origins: spec.origins, sourceOf };
}

/** Every node of a talconfig merged with its group, in talconfig order. */
export function mergeNodes(config: Talconfig): NodeSpec[] {
  return (config.nodes ?? []).map((n, i) => mergeNode(config, n, i));
}

/** Where field `field` of merged node `n` is written in talconfig: in the group when it came from there, else the node. */
export function fieldPath(n: NodeSpec, field: string): (string | number)[] {
  const from = n.sourceOf[field as keyof NodeConfigs];
  return from === 'controlPlane' || from === 'worker' ? [from, field] : ['nodes', n.index, field];
}
