import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadRoutes, loadRuleSet, loadSilences, type RouteVariables, type RuleProblem } from '@b2c-alerts/rule-engine';
import { routeChannelProblems, type RouteChannelCheck } from './route-channel-problems.js';
import type { RulesBundle } from './rules-state.js';
import { bundleContentHash, rulesVersion } from './rules-version.js';

export interface LoadRulesBundleOptions {
  dir: string;
  /** The `${VAR}`s routes.yaml may use (routeVariablesOf: ROUTE_VARIABLES_PREFIX, never a secret). */
  variables: RouteVariables;
  now: number;
  /** Whether this process can serve the routes' channels (see routeChannelProblems); unchecked when absent. */
  channels?: RouteChannelCheck;
}

export interface LoadRulesBundleResult {
  /** Only when there is no problem in any file: a bundle is used whole or not at all. */
  bundle?: RulesBundle;
  problems: RuleProblem[];
  /** Not errors: channels left out for an unset variable, expired silences. */
  warnings: RuleProblem[];
}

const byPlace = (a: RuleProblem, b: RuleProblem) =>
  a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line || a.column - b.column;

/**
 * Loads `dir` whole: rules (with lists and shared conditions), `routes.yaml` (required; `${VAR}` filled
 * from `variables`) and `silences.yaml` (optional). Any problem in any file rejects the bundle and is
 * listed with file:line:col; so is a channel this process cannot serve (`channels`). Throws only when
 * `dir` cannot be read at all (RE_ERR_RULES_DIR_UNREADABLE).
 */
export async function loadRulesBundle(options: LoadRulesBundleOptions): Promise<LoadRulesBundleResult> {
  const routesFile = join(options.dir, 'routes.yaml');
  const silencesFile = join(options.dir, 'silences.yaml');
  const [routes, silences] = await Promise.all([
    loadRoutes(routesFile, options.variables),
    loadSilences(silencesFile, { now: options.now }),
  ]);
  // Rules are checked against the route names only when the routes themselves are valid.
  const loaded = await loadRuleSet(options.dir, routes.routes ? { routes: Object.keys(routes.routes.routes) } : {});
  const problems = [...routes.problems, ...silences.problems, ...loaded.problems].sort(byPlace);
  const warnings = [...routes.warnings, ...silences.warnings].sort(byPlace);
  if (!loaded.ruleSet || !routes.routes || problems.length > 0) return { problems, warnings };

  const [routesText, silencesText] = await Promise.all([readText(routesFile), readText(silencesFile)]);
  if (options.channels) {
    const channelProblems = routeChannelProblems({
      file: 'routes.yaml',
      text: routesText,
      routes: routes.routes,
      variables: options.variables,
      check: options.channels,
    });
    if (channelProblems.length > 0) return { problems: channelProblems, warnings };
  }
  const version = await rulesVersion(options.dir, bundleContentHash(loaded.ruleSet.version, routesText, silencesText));
  return {
    bundle: {
      ruleSet: { ...loaded.ruleSet, version },
      routes: routes.routes,
      silences: silences.silences,
      version,
      loadedAt: options.now,
    },
    problems: [],
    warnings,
  };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return '';
  }
}
