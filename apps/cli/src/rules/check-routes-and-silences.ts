import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { loadRoutes, loadSilences, type RouteVariables, type RuleProblem } from '@b2c-alerts/rule-engine';

/**
 * The full check of `<dir>/routes.yaml` (channels, `${VAR}`s filled from `variables` as the worker would,
 * severities, timers) and `<dir>/silences.yaml` (matchers, times, ids), for `rules validate`. Warnings:
 * channels left out because their variable is unset here, and expired silences. A missing file is
 * not checked.
 */
export async function checkRoutesAndSilences(
  dir: string,
  variables: RouteVariables,
  now: number,
): Promise<{ problems: RuleProblem[]; warnings: RuleProblem[] }> {
  const routesFile = join(dir, 'routes.yaml');
  const exists = await access(routesFile).then(
    () => true,
    () => false,
  );
  const routes = exists ? await loadRoutes(routesFile, variables) : { problems: [], warnings: [] };
  const silences = await loadSilences(join(dir, 'silences.yaml'), { now });
  return { problems: [...routes.problems, ...silences.problems], warnings: [...routes.warnings, ...silences.warnings] };
}
