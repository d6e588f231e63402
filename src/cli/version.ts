import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** `--version` or `-v` as the only argument asks for talgen's version (the CLI answers it before loading commands). */
export function isVersionRequest(argv: string[]): boolean {
  return argv.length === 3 && (argv[2] === '--version' || argv[2] === '-v');
}

export function versionLine(): string {
  return `talgen/${packageVersion()} ${process.platform}-${process.arch} node-${process.version}\n`;
}
