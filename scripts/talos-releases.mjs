// The siderolabs/talos git ref whose Go types define each version contract talgen supports, oldest first:
// the last patch tag of every minor release; v1.15 has no tag yet, so it is the main commit the
// conformance goldens (../shared/conformance/talos) were taken from. Shared by the model scripts.
export const RELEASE_REFS = {
  'v1.3': 'v1.3.7',
  'v1.4': 'v1.4.8',
  'v1.5': 'v1.5.6',
  'v1.6': 'v1.6.8',
  'v1.7': 'v1.7.7',
  'v1.8': 'v1.8.4',
  'v1.9': 'v1.9.6',
  'v1.10': 'v1.10.9',
  'v1.11': 'v1.11.6',
  'v1.12': 'v1.12.11',
  'v1.13': 'v1.13.9',
  'v1.14': 'v1.14.0-rc.1',
  'v1.15': 'ad8823176e75b9cd07647ddde13c34f2ab77c663',
};

/** The contract a ref of RELEASE_REFS stands for. */
export function contractOf(ref) {
  const entry = Object.entries(RELEASE_REFS).find(([, r]) => r === ref);
  if (!entry) throw new Error(`${ref} is not in RELEASE_REFS`);
  return entry[0];
}
