export { substitute, substituteMapped, commentRanges, type Env, type SubstituteOptions } from './envsubst.js';
export { parseEnvFile, readEnvFile, loadEnv, buildEnv, type LoadedEnv } from './envfile.js';
