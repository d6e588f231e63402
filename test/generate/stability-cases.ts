import { parse } from 'yaml';
import { atLeast, parseContract } from '../../src/core/contract.js';
import type { GenerateInput, MachineType, BundleSecrets } from '../../src/generate/index.js';
import { readConformance } from '../helpers/shared.js';

export const STABILITY_CONTRACTS = ['v1.3', 'v1.4', 'v1.5', 'v1.6', 'v1.7', 'v1.8', 'v1.9', 'v1.10', 'v1.11', 'v1.12', 'v1.13', 'v1.14', 'v1.15'];

export interface StabilityCase {
  name: string; // e.g. v1.13/overrides-worker.yaml
  contract: string;
  variant: 'base' | 'overrides';
  type: MachineType;
  input: GenerateInput;
  /** Strategic patch applied after generation (overrides only). */
  patchFile?: string;
  expected: string;
}

/** The documented inputs of Talos's TestConfigEncodingStability, per contract and variant. */
export function stabilityCases(): StabilityCase[] {
  const secrets = parse(readConformance('talos', 'stability', 'secrets.yaml')) as BundleSecrets;
  const cases: StabilityCase[] = [];
  for (const contract of STABILITY_CONTRACTS) {
    for (const variant of ['base', 'overrides'] as const) {
      for (const type of ['controlplane', 'worker'] as const) {
        const base: GenerateInput = {
          clusterName: 'base',
          endpoint: 'https://base:6443',
          kubernetesVersion: '1.28.0',
          contract: parseContract(contract),
          secrets,
          discoveryEnabled: true,
        };
        const input: GenerateInput =
          variant === 'base'
            ? base
            : {
                ...base,
                machineCertSANs: ['foo', 'bar'],
                apiServerCertSANs: ['foo', 'bar'],
                allowSchedulingOnControlPlanes: true,
                dnsDomain: 'example.com',
                installDisk: '/dev/vda',
                extraKernelArgs: ['foo=bar', 'bar=baz'],
                localAPIServerPort: 5443,
                sysctls: { foo: 'bar' },
                cniCustomURL: 'https://example.com/cni.yaml',
                registryMirrors: { 'ghcr.io': ['https://ghcr.io.my-mirror.com'] },
              };
        const name = `${contract}/${variant}-${type}.yaml`;
        cases.push({
          name,
          contract,
          variant,
          type,
          input,
          patchFile: variant === 'overrides' ? (atLeast(parseContract(contract), 1, 14) ? 'patch.yaml' : 'patch-pre14.yaml') : undefined,
          expected: readConformance('talos', 'stability', contract, `${variant}-${type}.yaml`),
        });
      }
    }
  }
  return cases;
}
