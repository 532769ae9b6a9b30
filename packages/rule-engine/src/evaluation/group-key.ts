import { createHash } from 'node:crypto';
import type { AuditEvent } from '@b2c-alerts/audit-client';
import type { FactChoice } from '../rule-set/rule-definition.js';
import { chooseFact, choiceName } from './fact-choice.js';

/** A group of a rule: its stable key and the fact values it was built from (missing facts as ''). */
export interface GroupKey {
  key: string;
  values: Record<string, string>;
}

/**
 * The group of `event` for `facts`: key `ruleId|fact1=value1|fact2=value2`, in the order of `facts`.
 * `\`, `|` and `=` inside the rule id, fact names and values are escaped with `\`, so two different
 * groups never share a key. The key is stable across processes and releases: it names state in Redis
 * and alerts downstream. A rule without group facts has the key `ruleId` (one group). Values are event
 * text, so each is bounded first (see boundGroupValue): the key and values are what alerts show.
 *
 * An entry with fallbacks (`{ firstOf: [a, b] }`) contributes the first present value under the name
 * of the fact that supplied it (`a=…` or `b=…`), so the same text from two facts makes two groups; with
 * `as`, under that name whichever fact supplied it, so they make one. Without a value it contributes
 * its `as` or first fact with ''. A plain fact keeps the key it always had, so adding fallbacks after
 * it leaves the groups (and state) of events that have it as they were.
 */
export function groupKey(ruleId: string, facts: readonly FactChoice[], event: AuditEvent): GroupKey {
  const values: Record<string, string> = {};
  const pairs = facts.map((choice): [string, string] => {
    const chosen = chooseFact(choice, event);
    const pair: [string, string] =
      chosen === undefined ? [choiceName(choice), ''] : [chosen.name, boundGroupValue(factText(chosen.value))];
    values[pair[0]] = pair[1];
    return pair;
  });
  return { key: formatGroupKey(ruleId, pairs), values };
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

/** Longest group value, in UTF-16 code units, kept in a group key and shown in its alerts. */
export const maxGroupValueLength = 256;

/**
 * A group value of at most maxGroupValueLength: a longer one (an attacker's 100 kB display name) keeps
 * its beginning and ends with `…#` and 16 hex digits of the whole value's sha256, so two long values
 * that differ anywhere stay two groups, and the same value is cut the same way in every process.
 */
export function boundGroupValue(text: string): string {
  if (text.length <= maxGroupValueLength) return text;
  const suffix = `…#${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
  let head = text.slice(0, maxGroupValueLength - suffix.length);
  // Never end on half of a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  return head + suffix;
}

function escapeKeyPart(text: string): string {
  return text.replace(/[\\|=]/g, (c) => `\\${c}`);
}
