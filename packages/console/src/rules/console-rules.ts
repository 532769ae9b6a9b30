import { loadRuleSet, readRouteNames, type RuleDefinition, type RuleSet } from '@b2c-alerts/rule-engine';
import { join } from 'node:path';
import type { RulesSource } from '../console-options.js';
import { ApiError } from '../errors/api-error.js';

/**
 * The rule set the Rules page shows: the one given, the source's current one (asked each time), or
 * loaded once from the directory given.
 */
export class ConsoleRules {
  readonly #source: RulesSource;
  #loaded: Promise<RuleSet> | undefined;

  constructor(source: RulesSource) {
    this.#source = source;
  }

  get dir(): string | undefined {
    return this.#source.dir;
  }

  ruleSet(): Promise<RuleSet> {
    if ('ruleSet' in this.#source) return Promise.resolve(this.#source.ruleSet);
    if ('current' in this.#source) {
      const current = this.#source.current();
      if (current) return Promise.resolve(current);
      this.#loaded = undefined;
    }
    const dir = this.#source.dir;
    return (this.#loaded ??= (async () => {
      const routes = await readRouteNames(join(dir, 'routes.yaml'));
      const loaded = await loadRuleSet(dir, routes.routes === undefined ? {} : { routes: routes.routes });
      if (!loaded.ruleSet || routes.problems.length + loaded.problems.length > 0) {
        this.#loaded = undefined;
        throw new ApiError(
          503,
          'unavailable',
          `The rules in ${dir} have problems; run \`b2c-alerts rules validate --rules ${dir}\` and fix them.`,
        );
      }
      return loaded.ruleSet;
    })());
  }

  async rule(id: string): Promise<{ rule: RuleDefinition; ruleSet: RuleSet }> {
    const ruleSet = await this.ruleSet();
    const rule = ruleSet.rules.find((r) => r.id === id);
    if (!rule)
      throw new ApiError(404, 'not_found', `id: no rule ${JSON.stringify(id)} in the rule set.`, { field: 'id' });
    return { rule, ruleSet };
  }
}

/** What kind of rule it is: `match` (every matching event), or its aggregate's kind. */
export function ruleKind(rule: RuleDefinition): string {
  return rule.aggregate?.kind ?? 'match';
}
