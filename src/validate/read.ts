import { compareContracts, parseVersion, type Contract } from '../core/contract.js';

/** Readers for rendered config values (plain objects or Go-ordered Maps) and release spans, shared by the rules. */

export type Obj = Record<string, unknown>;

export function obj(v: unknown): Obj | undefined {
  if (v instanceof Map) return Object.fromEntries(v) as Obj;
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** A string other than "" (Go's zero value), else undefined. */
export function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Whether `contract` lies in [since, until] (inclusive; open ends allowed). */
export function inSpan(contract: Contract, span: { since?: string; until?: string }): boolean {
  const cmp = (v: string) => compareContracts(contract, parseVersion(v)!);
  return (span.since === undefined || cmp(span.since) >= 0) && (span.until === undefined || cmp(span.until) <= 0);
}
