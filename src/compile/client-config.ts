import { TalgenError } from '../core/errors.js';
import { buildTalosconfig } from '../talosconfig/index.js';
import { planClientConfig, type ClientConfigPlan } from '../talosconfig/client-config.js';
import { readRepoSecrets } from './repo-secrets.js';
import type { LoadedRepo } from './talhelper-genconfig.js';

export interface IssueClientConfigOptions {
  /** Sorted, de-duplicated roles (see parseRoles). */
  roles: string[];
  ttlHours: number;
  contextName?: string;
  endpoints?: string[];
  nodes?: string[];
  nodesSection: boolean;
  now?: Date;
}

/**
 * A talosconfig for a loaded repo, its client certificate issued from the OS CA of the repo's secrets bundle
 * (a bundle is required: a certificate from a fresh CA would open nothing).
 */
export async function issueClientConfig(repo: LoadedRepo, o: IssueClientConfigOptions): Promise<{ text: string; plan: ClientConfigPlan }> {
  const plan = planClientConfig({
    clusterName: repo.cluster.clusterName,
    clusterNodes: repo.nodes,
    roles: o.roles,
    contextName: o.contextName,
    endpoints: o.endpoints,
    nodes: o.nodes,
    nodesSection: o.nodesSection,
  });
  if (!plan.endpoints.length)
    throw new TalgenError('no endpoints: the talconfig has no control-plane node', {
      path: '--endpoints',
      hint: 'pass --endpoints with the addresses of the control planes',
    });
  const secrets = await readRepoSecrets(repo);
  if (!secrets) {
    throw new TalgenError("no secrets file: the client certificate must be issued by the cluster's OS CA", {
      path: '--secret-file',
      hint: 'pass -s with the secrets bundle the cluster was rendered from (talsecret.sops.yaml)',
    });
  }
  return { text: buildTalosconfig({ ...plan, osCA: secrets.certs.os, ttlHours: o.ttlHours, now: o.now }), plan };
}
