/**
 * v1alpha1 fields Talos decodes but leaves out of its published schemas v1.11–v1.14 (hidden or deprecated before
 * v1.11), as dotted paths with lists looked through. talgen's model must still accept them (test/model), and a
 * rendered config that carries them is checked against the published schema without them (corpus harness).
 */
export const HIDDEN_V1ALPHA1_FIELDS: readonly RegExp[] = [
  /^persist$/,
  /^cluster\.allowSchedulingOnMasters$/,
  /^cluster\.etcd\.subnet$/,
  /^cluster\.(apiServer|controllerManager|scheduler)\.resources\.(limits|requests)$/,
  /^machine\.disks(\.|$)/,
  /^machine\.install\.(bootloader|extensions)(\.|$)/,
  /^machine\.network\.interfaces(\.vlans)?\.cidr$/,
  /^machine\.systemDiskEncryption(\.|$)/,
];
