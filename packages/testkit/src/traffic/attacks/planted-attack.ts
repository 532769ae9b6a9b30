import type { DirectoryAudit } from '@b2c-alerts/audit-client';

export interface AttackOptions {
  /** The B2C tenant domain, as generateTraffic's `tenant`. Default 'contosob2c.onmicrosoft.com'. */
  tenant?: string;
}

/** What an outage takes away while it lasts: it plants no record, it removes benign ones. */
export interface Outage {
  /** True for a benign record the outage keeps from being logged (or from being read). */
  removes(record: DirectoryAudit): boolean;
}

/**
 * One kind of attack on a B2C tenant, as the audit log records it: the raw Graph records (B2C and Core
 * Directory shapes, docs/graph-audit-api.md) an attacker's actions produce, for planting into benign
 * traffic. `records` is deterministic for the same arguments and returns records in ascending time
 * within [at, at + durationMs).
 */
export interface PlantedAttack {
  /** Stable, kebab-case: what reports and tests name the attack by. */
  id: string;
  /** What happens, in a line a security engineer reads. */
  label: string;
  /** The MITRE ATT&CK technique(s) it stands for, with a short name. */
  kind: string;
  /** The shipped rules written for it (ids); other rules may catch it too. */
  expectedRules: readonly string[];
  /** How long the attack runs from `at`; planting keeps attacks further apart than this. */
  durationMs: number;
  records(at: number, options?: AttackOptions): DirectoryAudit[];
  /** Set for outages: the benign records removed from at to at + durationMs (records() is then empty). */
  outage?: Outage;
}

export const MINUTE = 60_000;
