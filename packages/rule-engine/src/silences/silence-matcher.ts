import type { AuditEvent } from '@b2c-alerts/audit-client';
import { getFact } from '../conditions/facts.js';
import { factText } from '../evaluation/group-key.js';
import { compileRegex, type LinearRegex } from '../operators/custom/linear-regex.js';
import type { SilenceEntry, SilenceMatcher } from './silences-file-schema.js';

/** What a silence is matched against: an alert's rule, its triggering event and its group values. */
export interface SilenceTarget {
  ruleId: string;
  event?: AuditEvent;
  groupValues: Record<string, unknown>;
}

export type SilenceState = 'pending' | 'active' | 'expired';

/** `pending` before startsAt, `active` from startsAt until endsAt, `expired` from endsAt on. */
export function silenceState(silence: Pick<SilenceEntry, 'startsAt' | 'endsAt'>, now: number): SilenceState {
  if (now < Date.parse(silence.startsAt)) return 'pending';
  return now < Date.parse(silence.endsAt) ? 'active' : 'expired';
}

/**
 * The first silence that is active at `now` and whose matchers all hold, else undefined. As in
 * Alertmanager: a matcher reads the alert's value of its name (`ruleId`, else the group value, else the
 * event's fact as text; absent is ''), compares it whole (a regex is anchored at both ends, and like a
 * rule's regex runs in linear time on the first regexTextLimit characters), and `isEqual: false` negates it.
 */
export function activeSilence(
  silences: readonly SilenceEntry[],
  alert: SilenceTarget,
  now: number,
): SilenceEntry | undefined {
  return silences.find((s) => silenceState(s, now) === 'active' && s.matchers.every((m) => matcherHolds(m, alert)));
}

/** True when `matcher` holds for `alert`; an invalid regex never matches (the loader rejects them). */
export function matcherHolds(matcher: SilenceMatcher, alert: SilenceTarget): boolean {
  const actual = valueOf(matcher.name, alert);
  const matched = matcher.isRegex ? (anchoredRegex(matcher.value)?.test(actual) ?? false) : actual === matcher.value;
  return matcher.isEqual === false ? !matched : matched;
}

function valueOf(name: string, alert: SilenceTarget): string {
  if (name === 'ruleId') return alert.ruleId;
  if (Object.hasOwn(alert.groupValues, name)) return factText(alert.groupValues[name]);
  return alert.event ? factText(getFact(alert.event, name)) : '';
}

const cache = new Map<string, LinearRegex | null>();
const cacheLimit = 1000;

/** The pattern as a whole-value regex (compileRegex's syntax and flags), or null when invalid. */
export function anchoredRegex(pattern: string): LinearRegex | null {
  let regex = cache.get(pattern);
  if (regex === undefined) {
    try {
      regex = compileRegex(pattern, { whole: true });
    } catch {
      regex = null;
    }
    if (cache.size >= cacheLimit) cache.clear();
    cache.set(pattern, regex);
  }
  return regex;
}
