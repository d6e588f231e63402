import { TalgenError } from '../core/errors.js';
import type { Issue } from '../core/issue.js';
import { planCluster } from '../plan/cluster.js';
import { loadTalconfig, type LoadTalconfigOptions, type LoadedTalconfig } from '../talconfig/load.js';

/**
 * Everything genconfig checks about a talconfig before rendering, as issues instead of a first error: the front
 * end's schema and talhelper rules, then what planning adds (the Talos contract of talosVersion), without rendering.
 * A file that does not load at all (YAML, env, an unset variable) throws, as in genconfig.
 * `validate talconfig` and `check` report these.
 */
export async function talconfigIssues(o: LoadTalconfigOptions): Promise<{ issues: Issue[]; loaded: LoadedTalconfig }> {
  const loaded = await loadTalconfig(o);
  return { issues: loadedTalconfigIssues(loaded), loaded };
}

/** `talconfigIssues` of a talconfig already loaded. */
export function loadedTalconfigIssues(loaded: LoadedTalconfig): Issue[] {
  const issues = [...loaded.issues];
  if (!issues.some((i) => i.severity === 'error')) {
    try {
      planCluster(loaded, (message) => issues.push({ severity: 'warning', message, at: { file: loaded.file } }));
    } catch (e) {
      if (!(e instanceof TalgenError)) throw e;
      issues.push(e.issue());
    }
  }
  return issues;
}
