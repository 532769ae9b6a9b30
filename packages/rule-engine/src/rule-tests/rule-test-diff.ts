import { stringify } from 'yaml';
import { partialMismatches, projectOnto } from './partial-match.js';
import type { AlertCandidate } from '../rule-set/rule-definition.js';
import type { ExpectedAlert } from './tests-file-schema.js';

/** What an unexpected alert shows when no expected alert names the keys to compare. */
const defaultKeys = ['groupValues', 'count', 'status', 'firstTime', 'lastTime'] as const;

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  return stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trim();
}

function plural(n: number): string {
  return `${n} alert${n === 1 ? '' : 's'}`;
}

/**
 * The difference between the alerts a case expects and those the rule raised, as lines a rule author
 * reads: `-` expected, `+` actual (cut down to the compared keys), then each differing key. Undefined
 * when they match: as many alerts, each matching its expected one partially, in order.
 */
export function alertsDiff(expected: readonly ExpectedAlert[], actual: readonly AlertCandidate[]): string | undefined {
  const compared = expected.map((e, i) => partialMismatches(e, actual[i]));
  if (expected.length === actual.length && compared.every((m) => m.length === 0)) return undefined;
  // An unexpected alert is shown with the keys of the last expected one, else with a default set.
  const template: Record<string, unknown> =
    expected[expected.length - 1] ?? Object.fromEntries(defaultKeys.map((k) => [k, true]));
  const lines: string[] = [];
  const differing = compared.filter((m, i) => m.length > 0 && i < actual.length).length;
  lines.push(
    expected.length === actual.length
      ? `${differing} of ${plural(expected.length)} differ${differing === 1 ? 's' : ''}`
      : `expected ${plural(expected.length)}, got ${actual.length}`,
  );
  const count = Math.max(expected.length, actual.length);
  for (let i = 0; i < count; i++) {
    const want = expected[i];
    const got = actual[i] as unknown as Record<string, unknown> | undefined;
    const label = `alert ${i + 1}`;
    if (want === undefined) {
      lines.push(`+ ${label}: ${show(projectOnto(got, template))}   (not expected)`);
      continue;
    }
    if (got === undefined) {
      lines.push(`- ${label}: ${show(want)}`, `+ ${label}: (none)`);
      continue;
    }
    const mismatches = compared[i]!;
    if (mismatches.length === 0) {
      lines.push(`  ${label}: as expected`);
      continue;
    }
    lines.push(`- ${label}: ${show(want)}`, `+ ${label}: ${show(projectOnto(got, want))}`);
    for (const m of mismatches) lines.push(`    ${m.path}: expected ${show(m.expected)}, got ${show(m.actual)}`);
  }
  return lines.join('\n');
}
