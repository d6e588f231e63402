export { substitute, commentRanges, type Env } from './envsubst.js';
export { parseEnvFile, buildEnv } from './envfile.js';
