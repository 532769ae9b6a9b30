import type { AuditEvent } from '@b2c-alerts/audit-client';
import { createReferenceEngine, RuleMatcher, type RuleContext, type RuleDefinition } from '../../src/index.js';

export interface Disagreement {
  event: AuditEvent;
  compiled: string[];
  reference: string[] | string;
}

/**
 * Runs every event through the compiled RuleMatcher and the json-rules-engine reference and returns
 * the events where the matched rule ids differ (or where the reference rejected), at most `limit`.
 */
export async function disagreements(
  rules: RuleDefinition[],
  context: RuleContext,
  events: Iterable<AuditEvent>,
  options: { limit?: number; pathResolver?: 'fast' | 'jsonpath-plus' } = {},
): Promise<{ checked: number; matches: number; found: Disagreement[]; perRule: Map<string, number> }> {
  const matcher = new RuleMatcher(rules, context);
  const reference = createReferenceEngine(rules, context, { pathResolver: options.pathResolver ?? 'fast' });
  const found: Disagreement[] = [];
  const perRule = new Map<string, number>();
  let checked = 0;
  let matches = 0;
  for (const event of events) {
    checked += 1;
    const compiled = matcher.match(event).map((rule) => rule.id);
    let expected: string[] | string;
    try {
      expected = await reference.match(event);
    } catch (error) {
      expected = `json-rules-engine threw: ${(error as Error).message}`;
    }
    matches += compiled.length;
    for (const id of compiled) perRule.set(id, (perRule.get(id) ?? 0) + 1);
    if (typeof expected === 'string' || expected.join('\n') !== compiled.join('\n')) {
      found.push({ event, compiled, reference: expected });
      if (found.length >= (options.limit ?? 5)) break;
    }
  }
  return { checked, matches, found, perRule };
}
