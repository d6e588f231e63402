#!/usr/bin/env node
// Fills the Talos-typed fields of schemas/talconfig.schema.json (networkInterfaces, machineDisks, kernelModules,
// installDiskSelector, volumes/userVolumes specs) from talgen's own Talos model in schemas/talos/, so editors and
// `talgen validate talconfig` know every nested field. Re-run after scripts/talos-schemas.mjs. The imported
// definitions bring the model's descriptions; the talconfig fields that refer to them keep their own.
import { readFileSync, writeFileSync } from 'node:fs';

const read = (p) => JSON.parse(readFileSync(new URL(p, import.meta.url), 'utf8'));
const target = new URL('../schemas/talconfig.schema.json', import.meta.url);
const schema = read('../schemas/talconfig.schema.json');
const defs = schema.$defs;
for (const k of Object.keys(defs)) if (k.startsWith('talos.')) delete defs[k];

/** Copy the descriptions of `old` onto the same places of `fresh` (properties and items, recursively). */
function keepDescriptions(old, fresh) {
  if (!old || !fresh || typeof old !== 'object' || typeof fresh !== 'object') return fresh;
  if (typeof old.description === 'string' && fresh.description === undefined) fresh.description = old.description;
  for (const [k, v] of Object.entries(fresh.properties ?? {})) keepDescriptions(old.properties?.[k], v);
  keepDescriptions(old.items, fresh.items);
  return fresh;
}

/** Copy a model definition (and everything it references) into talconfig's $defs as plain JSON Schema. */
function importDef(modelFile, name) {
  const model = read(`../schemas/talos/${modelFile}`);
  const copy = (node) => {
    if (Array.isArray(node)) return node.map(copy);
    if (!node || typeof node !== 'object') return node;
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      // Model annotations are dropped, except what tells go-decode a Talos type reads its scalar itself.
      if (k.startsWith('x-') && !(node['x-scalar'] === true && (k === 'x-scalar' || k === 'x-go'))) continue;
      if (k === '$ref') {
        const ref = v.split('/').pop();
        if (!defs[`talos.${ref}`]) {
          defs[`talos.${ref}`] = {};
          defs[`talos.${ref}`] = copy(model.$defs[ref]);
        }
        out.$ref = `#/$defs/talos.${ref}`;
      } else out[k] = copy(v);
    }
    // Pointers and free-form values may be null/any in YAML.
    return out;
  };
  if (!defs[`talos.${name}`]) defs[`talos.${name}`] = copy(model.$defs[name]);
  return { $ref: `#/$defs/talos.${name}` };
}

const volumeProps = (kind) => {
  const model = read(`../schemas/talos/${kind}.schema.json`);
  const pick = (key) => importDef(`${kind}.schema.json`, model.properties[key].$ref.split('/').pop());
  return pick;
};

const nodeConfigs = [schema.properties.controlPlane, schema.properties.worker, schema.properties.nodes.items];
for (const nc of nodeConfigs) {
  const p = nc.properties;
  p.networkInterfaces = { ...p.networkInterfaces, items: importDef('v1alpha1.schema.json', 'v1alpha1.Device') };
  p.machineDisks = { ...p.machineDisks, items: importDef('v1alpha1.schema.json', 'v1alpha1.MachineDisk') };
  p.kernelModules = { ...p.kernelModules, items: importDef('v1alpha1.schema.json', 'v1alpha1.KernelModuleConfig') };
  const vol = volumeProps('VolumeConfig');
  const uvol = volumeProps('UserVolumeConfig');
  const set = (props, key, fresh) => (props[key] = keepDescriptions(props[key], fresh));
  set(p.volumes.items.properties, 'provisioning', vol('provisioning'));
  set(p.volumes.items.properties, 'encryption', vol('encryption'));
  set(p.userVolumes.items.properties, 'provisioning', uvol('provisioning'));
  set(p.userVolumes.items.properties, 'filesystem', uvol('filesystem'));
  set(p.userVolumes.items.properties, 'encryption', uvol('encryption'));
}
const nodeProps = schema.properties.nodes.items.properties;
nodeProps.installDiskSelector = keepDescriptions(nodeProps.installDiskSelector, importDef('v1alpha1.schema.json', 'v1alpha1.InstallDiskSelector'));
defs.schematic.properties.owner = keepDescriptions(defs.schematic.properties.owner, { type: 'string' });
writeFileSync(target, `${JSON.stringify(schema, null, 2)}\n`);
process.stdout.write(`talconfig schema: ${Object.keys(defs).filter((k) => k.startsWith('talos.')).length} Talos definitions\n`);
