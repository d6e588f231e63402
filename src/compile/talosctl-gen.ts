import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseContract, type Contract } from '../core/contract.js';
import { DEFAULT_CONTRACT, defaultInstallerImage, releaseOf } from '../core/contract-traits.js';
import { TalgenError, UsageError } from '../core/errors.js';
import { generateConfig, type GenerateInput, type MachineType } from '../generate/index.js';
import { applyPatches, loadPatches } from '../patch/index.js';
import { generateSecretsBundle, loadSecretsBundle, type SecretsBundle } from '../secrets/index.js';
import { buildTalosconfig } from '../talosconfig/index.js';
import { renderConfig } from '../emit/render.js';
import { checkRendered } from '../validate/index.js';

/** Options of `talgen gen config`, mirroring `talosctl gen config`. */
export interface TalosctlGenOptions {
  clusterName: string;
  endpoint: string;
  withSecrets?: string;
  talosVersion?: string;
  kubernetesVersion?: string;
  installDisk: string;
  installImage?: string;
  additionalSANs: string[];
  dnsDomain: string;
  configPatch: string[];
  configPatchControlPlane: string[];
  configPatchWorker: string[];
  registryMirrors: string[];
  withKubespan: boolean;
  withClusterDiscovery: boolean;
  outputTypes: string[];
  outDir: string;
  cwd: string;
  onWarning: (msg: string) => void;
}

export interface OutputFile {
  path: string;
  data: string;
  mode: number;
}

function parseMirrors(specs: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) {
      throw new UsageError(`invalid --registry-mirror "${spec}"`, 'use <registry host>=<endpoint URL>, e.g. docker.io=http://10.0.0.1:5000');
    }
    const host = spec.slice(0, eq);
    (out[host] ??= []).push(spec.slice(eq + 1));
  }
  return out;
}

/** Everything `talosctl gen config` writes, computed in memory (nothing touches disk here). */
export function talosctlGenConfig(o: TalosctlGenOptions): OutputFile[] {
  const contract: Contract = o.talosVersion ? parseContract(o.talosVersion, { path: '--talos-version' }) : DEFAULT_CONTRACT;
  const types = new Set(o.outputTypes);
  for (const t of types) {
    if (!['controlplane', 'worker', 'talosconfig'].includes(t)) {
      throw new UsageError(`unknown output type "${t}"`, 'use controlplane, worker, talosconfig');
    }
  }

  let bundle: SecretsBundle;
  if (o.withSecrets) {
    const file = resolve(o.cwd, o.withSecrets);
    if (!existsSync(file)) throw new TalgenError('secrets file not found', { file, hint: 'create one with "talgen gensecret -o secrets.yaml"' });
    bundle = loadSecretsBundle(readFileSync(file, 'utf8'), file);
  } else {
    bundle = generateSecretsBundle(contract);
  }

  const kubernetesVersion = (o.kubernetesVersion ?? releaseOf(contract, { path: '--kubernetes-version' }).kubernetes).replace(/^v/, '');
  const input: GenerateInput = {
    clusterName: o.clusterName,
    endpoint: o.endpoint,
    kubernetesVersion,
    contract,
    secrets: bundle,
    installDisk: o.installDisk,
    installImage: o.installImage ?? defaultInstallerImage(contract),
    machineCertSANs: o.additionalSANs,
    apiServerCertSANs: o.additionalSANs,
    dnsDomain: o.dnsDomain,
    registryMirrors: parseMirrors(o.registryMirrors),
    discoveryEnabled: o.withClusterDiscovery,
    kubespanEnabled: o.withKubespan ? true : undefined,
  };

  const common = loadPatches(o.configPatch, { baseDir: o.cwd });
  const cpPatches = loadPatches(o.configPatchControlPlane, { baseDir: o.cwd });
  const workerPatches = loadPatches(o.configPatchWorker, { baseDir: o.cwd });

  const files: OutputFile[] = [];
  const render = (type: MachineType, extra: typeof common): string => {
    const docs = applyPatches(generateConfig(input, type), [...common, ...extra], { contract, onWarning: o.onWarning });
    checkRendered(docs, { contract, mode: 'metal', source: `${type}.yaml`, onWarning: o.onWarning });
    return renderConfig(docs, contract, 'talos');
  };
  if (types.has('controlplane')) files.push({ path: join(o.outDir, 'controlplane.yaml'), data: render('controlplane', cpPatches), mode: 0o600 });
  if (types.has('worker')) files.push({ path: join(o.outDir, 'worker.yaml'), data: render('worker', workerPatches), mode: 0o600 });
  if (types.has('talosconfig')) {
    files.push({
      path: join(o.outDir, 'talosconfig'),
      data: buildTalosconfig({ contextName: o.clusterName, endpoints: [], osCA: bundle.certs.os }),
      mode: 0o600,
    });
  }
  return files;
}
