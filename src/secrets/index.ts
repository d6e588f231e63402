export type { SecretsBundle, CertAndKey } from './bundle.js';
export { generateSecretsBundle, newToken } from './generate.js';
export { encodeSecretsBundle } from './encode.js';
export { loadSecretsBundle } from './load.js';
export { secretsFromControlPlaneConfig } from './from-config.js';
