import type { AuditEvent } from '@b2c-alerts/audit-client';
import { getFact } from '../conditions/facts.js';

/** A group of a rule: its stable key and the fact values it was built from (missing facts as ''). */
export interface GroupKey {
  key: string;
  values: Record<string, string>;
}

/**
 * The group of `event` for `facts`: key `ruleId|fact1=value1|fact2=value2`, in the order of `facts`.
 * `\`, `|` and `=` inside the rule id, fact names and values are escaped with `\`, so two different
 * groups never share a key. The key is stable across processes and releases: it names state in Redis
 * and alerts downstream. A rule without group facts has the key `ruleId` (one group).
 */
export function groupKey(ruleId: string, facts: readonly string[], event: AuditEvent): GroupKey {
  const values: Record<string, string> = {};
  for (const fact of facts) values[fact] = factText(getFact(event, fact));
  return {
    key: formatGroupKey(
      ruleId,
      facts.map((fact) => [fact, values[fact]!]),
    ),
    values,
  };
}

/** The key of a group given its (fact, value) pairs in order; see `groupKey`. */
export function formatGroupKey(ruleId: string, pairs: ReadonlyArray<readonly [string, string]>): string {
  let key = escapeKeyPart(ruleId);
  for (const [fact, value] of pairs) key += `|${escapeKeyPart(fact)}=${escapeKeyPart(value)}`;
  return key;
}

/** A fact value as text: strings as they are, absent values as '', anything else as JSON. */
export function factText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

function escapeKeyPart(text: string): string {
  return text.replace(/[\\|=]/g, (c) => `\\${c}`);
}
