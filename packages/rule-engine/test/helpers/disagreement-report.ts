import type { RuleDefinition } from '../../src/index.js';
import type { Disagreement } from './agreement.js';

/** The disagreements as text for a failing expect: each event, both answers and the rules they differ on. */
export function disagreementReport(rules: readonly RuleDefinition[], found: readonly Disagreement[]): string {
  return found
    .map(({ event, compiled, reference }) => {
      const differing =
        typeof reference === 'string'
          ? rules.filter((r) => r.enabled)
          : rules.filter((r) => compiled.includes(r.id) !== reference.includes(r.id));
      return [
        `event ${JSON.stringify(event)}`,
        `  compiled:  ${JSON.stringify(compiled)}`,
        `  reference: ${JSON.stringify(reference)}`,
        ...differing.map((r) => `  rule ${r.id}: ${JSON.stringify(r.match)}`),
      ].join('\n');
    })
    .join('\n\n');
}
