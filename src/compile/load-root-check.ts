import type { Locator } from '../core/issue.js';
import { assertInsideRoot, type LoadRoot } from '../load/load-root.js';
import type { LoadedYaml, PathPart } from '../load/yaml.js';
import type { ClusterPlan, PatchRef } from '../plan/types.js';
import type { LoadedTalconfig } from '../talconfig/load.js';
import { resolveManifestPath } from '../talconfig/paths.js';

/** The talconfig entry at `field`, as a Locator for an error about the file it names. */
function entry(doc: LoadedYaml, field: PathPart[], label: string): Locator {
  return { ...doc.positionOf(field), path: label };
}

function checkPatches(root: LoadRoot, refs: PatchRef[]): void {
  for (const r of refs) if (r.spec.startsWith('@')) assertInsideRoot(root, r.spec.slice(1), r.at, 'patch file');
}

/**
 * Every `@` file of a planned repo against the load root, before any of them is read: patches, machineFiles,
 * inlineManifests and extraManifests, each refused at file:line:col of its talconfig entry.
 */
export function checkLoadRoot(root: LoadRoot, talconfig: LoadedTalconfig, plan: ClusterPlan): void {
  if (root.dir === undefined) return;
  const { doc, baseDir } = talconfig;
  checkPatches(root, plan.cluster.patches);
  for (const [j, m] of plan.cluster.inlineManifests.entries()) {
    if (m.source) assertInsideRoot(root, m.source.file, entry(doc, ['inlineManifests', j, 'contents'], `inlineManifests[${j}].contents`), 'inline manifest');
  }
  for (const n of plan.nodes) {
    checkPatches(root, n.patches ?? []);
    const files = n.from.machineFiles;
    for (const [j, f] of (n.machineFiles ?? []).entries()) {
      if (!f.source) continue;
      const field = files ? [...files.field, j, 'content'] : ['nodes', n.index, 'machineFiles'];
      assertInsideRoot(root, f.source.file, entry(doc, field, `nodes[${n.index}].machineFiles[${j}].content`), 'machine file');
    }
  }
  for (const n of talconfig.nodes) {
    for (const [i, spec] of (n.extraManifests ?? []).entries()) {
      const origin = n.origins.extraManifests[i]!;
      assertInsideRoot(root, resolveManifestPath(String(spec), baseDir), entry(doc, origin.path, origin.label), 'extra manifest');
    }
  }
}
