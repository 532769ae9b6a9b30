import { join } from 'node:path';
import { loadRuleSet, readRouteNames, type RuleProblem, type RuleSet } from '@b2c-alerts/rule-engine';

/**
 * The route names of `<dir>/routes.yaml`, for checking rules' `notify`; none (not checked) when the
 * file does not exist.
 */
export function readRoutes(dir: string): Promise<{ routes?: string[]; problems: RuleProblem[] }> {
  return readRouteNames(join(dir, 'routes.yaml'));
}

/** The rule set under `dir`, with notify checked against routes.yaml; problems of both files together. */
export async function readRules(dir: string): Promise<{ ruleSet?: RuleSet; problems: RuleProblem[] }> {
  const routes = await readRoutes(dir);
  const loaded = await loadRuleSet(dir, routes.routes === undefined ? {} : { routes: routes.routes });
  const problems = [...routes.problems, ...loaded.problems];
  return problems.length === 0 && loaded.ruleSet ? { ruleSet: loaded.ruleSet, problems } : { problems };
}
