/** Kubernetes label/annotation/taint syntax checks (apimachinery validation rules). */
const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Returns a problem description, or undefined when the key is a valid qualified name. */
export function checkQualifiedName(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'a qualified name may contain at most one "/"';
  const name = parts[parts.length - 1]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) {
      return `prefix "${prefix}" must be a DNS subdomain`;
    }
  }
  if (name.length === 0 || name.length > 63) return 'name part must be 1–63 characters';
  if (!NAME.test(name)) return 'name part must consist of alphanumerics, "-", "_" or "." and start and end with an alphanumeric';
  return undefined;
}

export function checkLabelValue(value: string): string | undefined {
  if (value.length > 63) return 'label value must be at most 63 characters';
  if (value !== '' && !NAME.test(value)) return 'label value must be empty or alphanumerics, "-", "_", "." starting and ending with an alphanumeric';
  return undefined;
}

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Talos nodeTaints values are `value:Effect` or `Effect`. */
export function checkTaintValue(value: string): string | undefined {
  const idx = value.lastIndexOf(':');
  const effect = idx >= 0 ? value.slice(idx + 1) : value;
  const v = idx >= 0 ? value.slice(0, idx) : '';
  if (!TAINT_EFFECTS.includes(effect)) return `taint effect "${effect}" must be one of ${TAINT_EFFECTS.join(', ')}`;
  return v ? checkLabelValue(v) : undefined;
}
