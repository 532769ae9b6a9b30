import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadRuleSet, readRouteNames, type RuleProblem } from '@b2c-alerts/rule-engine';
import type { RulesBundle } from './rules-state.js';
import type { Route, Routes } from './routes-types.js';
import { bundleContentHash, rulesVersion } from './rules-version.js';

export interface LoadRulesBundleOptions {
  dir: string;
  /** `${VAR}` values for routes.yaml (the environment minus secrets). */
  variables: Readonly<Record<string, string | undefined>>;
  now: number;
}

/**
 * Loads `dir` whole: rules (with lists and shared conditions), `routes.yaml` and `silences.yaml`. Any
 * problem in any file rejects the bundle (`bundle` undefined) and is listed with file:line:col.
 * Throws only when `dir` cannot be read at all (RuleEngineError RE_ERR_RULES_DIR_UNREADABLE).
 */
export async function loadRulesBundle(options: LoadRulesBundleOptions): Promise<{ bundle?: RulesBundle; problems: RuleProblem[] }> {
  const routesFile = join(options.dir, 'routes.yaml');
  const silencesFile = join(options.dir, 'silences.yaml');
  // TODO(alert-pipeline): use loadRoutes(routesFile, options.variables) and loadSilences(silencesFile)
  // from @b2c-alerts/rule-engine once they land; until then only the route names are read.
  const names = await readRouteNames(routesFile);
  const loaded = await loadRuleSet(options.dir, names.routes ? { routes: names.routes } : {});
  const problems = [...names.problems, ...loaded.problems];
  if (!loaded.ruleSet || problems.length > 0) return { problems };

  const routes: Routes = { routes: {} };
  for (const name of names.routes ?? []) routes.routes[name] = placeholderRoute(name);
  const [routesText, silencesText] = await Promise.all([readText(routesFile), readText(silencesFile)]);
  const version = await rulesVersion(options.dir, bundleContentHash(loaded.ruleSet.version, routesText, silencesText));
  return {
    bundle: { ruleSet: { ...loaded.ruleSet, version }, routes, silences: [], version, loadedAt: options.now },
    problems: [],
  };
}

function placeholderRoute(name: string): Route {
  return { name, groupWaitMs: 30_000, groupIntervalMs: 5 * 60_000, repeatIntervalMs: 4 * 60 * 60_000 };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return '';
  }
}
