import { skippedFacts, skipReasons, type SkipReason } from '../evaluation/skip-reason.js';
import type { RuleDefinition } from '../rule-set/rule-definition.js';
import type { TestCase } from './tests-file-schema.js';

/** The ids of the events a rule skipped in one case, by reason, in evaluation order. */
export type SkippedEvents = Map<SkipReason, string[]>;

/** Event ids a message lists at most; the count stays exact. */
const shownIds = 3;

/**
 * Why a case that declares `skipped` fails: the counts it expects against those the rule skipped, or
 * undefined when they agree (a reason the case leaves out expects 0).
 */
export function skippedDiff(expected: NonNullable<TestCase['skipped']>, actual: SkippedEvents): string | undefined {
  const wrong = skipReasons.filter((reason) => (expected[reason] ?? 0) !== (actual.get(reason)?.length ?? 0));
  if (wrong.length === 0) return undefined;
  return wrong
    .map((reason) => {
      const ids = actual.get(reason) ?? [];
      return `skipped ${reason}: expected ${expected[reason] ?? 0}, got ${ids.length}${ids.length > 0 ? ` (${listIds(ids)})` : ''}`;
    })
    .join('\n');
}

/**
 * The warning for a case whose events `rule` skipped without the case saying so: which events, for
 * which reason, the facts they lack, and the three ways out.
 */
export function skippedWarning(rule: RuleDefinition, caseName: string, skipped: SkippedEvents): string | undefined {
  const found = skipReasons.flatMap((reason) => {
    const ids = skipped.get(reason) ?? [];
    return ids.length > 0 ? [{ reason, ids }] : [];
  });
  if (found.length === 0) return undefined;
  const parts = found.map(({ reason, ids }) => {
    const facts = skippedFacts(rule, reason).join(', ');
    const effect = reason === 'throttle.key' ? 'alerted unthrottled' : 'skipped';
    return `${ids.length} event${ids.length === 1 ? '' : 's'} ${effect} for no ${reason} value (${listIds(ids)}: none of ${facts})`;
  });
  const expected = found.map(({ reason, ids }) => `${reason}: ${ids.length}`).join(', ');
  return (
    `case '${caseName}': rule ${rule.id}: ${parts.join('; ')}; give the events one of these facts, ` +
    `add a fallback ({ firstOf: [...] }) to the rule, or write skipped: { ${expected} } in the case if the rule should skip them`
  );
}

function listIds(ids: readonly string[]): string {
  const shown = ids.slice(0, shownIds).join(', ');
  return ids.length > shownIds ? `${shown} and ${ids.length - shownIds} more` : shown;
}
