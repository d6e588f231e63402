/** talhelper's default `-e` and `-s` lists, relative to the working directory (each existing env file in order; the last existing secret file wins). */
export const DEFAULT_ENV_FILES = ['talenv.yaml', 'talenv.sops.yaml', 'talenv.yml', 'talenv.sops.yml'];
export const DEFAULT_SECRET_FILES = ['talsecret.yaml', 'talsecret.sops.yaml', 'talsecret.yml', 'talsecret.sops.yml'];
