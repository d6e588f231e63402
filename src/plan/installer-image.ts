import { installerImage, type ImageFactoryConfig, type Schematic } from '../factory/index.js';
import type { PlannedCluster, PlannedNode } from './types.js';

/**
 * The installer image of a node, as talhelper puts it into `machine.install.image` (genconfig) and `talosctl upgrade
 * --image` (gencommand upgrade): `talosImageURL:<talosVersion>`, else the Image Factory URL of the node's schematic
 * (the empty schematic when it has none) for its machineSpec mode and SecureBoot.
 */
export function nodeInstallerImage(cluster: PlannedCluster, node: PlannedNode): string {
  return installerImage({
    schematic: node.schematic as Schematic | undefined,
    talosVersion: cluster.talosVersion,
    talosImageURL: node.talosImageURL,
    mode: node.machineSpec?.mode,
    secureboot: node.machineSpec?.secureboot,
    factory: cluster.imageFactory as ImageFactoryConfig | undefined,
  });
}
