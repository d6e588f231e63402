import { TalgenError } from '../core/errors.js';
import { GO_FIELDS } from './go-fields.js';

/**
 * talhelper renders Go templates in patches and label values with the Talos `v1alpha1.Config` struct as data,
 * so templates address Go field names (`.MachineConfig.MachineInstall.InstallImage`). This resolves such a path
 * against the YAML form of the v1alpha1 document. Unknown field names are errors, never silently empty.
 */
export function resolveGoPath(doc: Record<string, unknown>, path: string[], where: string): unknown {
  let cur: unknown = doc;
  const walked: string[] = [];
  for (const field of path) {
    walked.push(field);
    const keys = GO_FIELDS[field];
    if (!keys) {
      throw new TalgenError(`template field .${walked.join('.')} is not a field of the Talos v1alpha1 config`, {
        path: where,
        hint: 'talhelper templates use Go field names, e.g. {{ .MachineConfig.MachineInstall.InstallImage }}',
      });
    }
    if (cur === undefined || cur === null) return undefined;
    const obj = cur instanceof Map ? Object.fromEntries(cur) : (cur as Record<string, unknown>);
    const key = keys.find((k) => k in obj) ?? keys[0]!;
    cur = obj[key];
  }
  return cur;
}
