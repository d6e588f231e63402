import { has } from '../core/contract-traits.js';
import { TalgenError } from '../core/errors.js';
import { checkEndpoint, type Doc } from './common.js';
import type { GenerateInput, MachineType } from './input.js';
import { legacyLayout } from './legacy-layout.js';
import { splitLayout } from './split-layout.js';

export type { GenerateInput, MachineType, BundleSecrets } from './input.js';
export type { Doc } from './common.js';

/**
 * Talos's base machine configuration for one machine type, as encoder-ready documents
 * (v1alpha1 first). Byte-identical to `talosctl gen config --with-docs=false --with-examples=false`
 * once encoded with `encodeDocuments`.
 */
export function generateConfig(input: GenerateInput, type: MachineType): Doc[] {
  checkEndpoint(input.endpoint, { path: 'endpoint' });
  if (has(input.contract, 'splitLayout')) {
    if (!input.kubernetesVersion) {
      throw new TalgenError('a Kubernetes version is required for Talos v1.14+ configs', { path: 'kubernetesVersion' });
    }
    return splitLayout(input, type);
  }
  return legacyLayout(input, type);
}
