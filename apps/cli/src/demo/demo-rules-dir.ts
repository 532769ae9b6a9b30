import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadRoutes, type Route, type RouteVariables } from '@b2c-alerts/rule-engine';
import { displayPath } from '../text/display-path.js';
import { CliError } from '../errors/cli-error.js';
import { problemLine } from '../rules/problem-line.js';
import type { DemoTiming } from './demo-timing.js';

export interface DemoRulesDir {
  dir: string;
  remove(): Promise<void>;
}

const seconds = (ms: number) => `${Math.round(ms / 1000)}s`;

/** A route as routes.yaml writes it, with its channels filled in and the demo's timers. */
function routeEntry(route: Route, timing: DemoTiming): Record<string, unknown> {
  const groupIntervalMs = Math.min(route.groupIntervalMs, timing.groupIntervalMaxMs);
  return {
    ...(route.description !== undefined ? { description: route.description } : {}),
    ...(route.slack ? { slack: { channel: route.slack.channel } } : {}),
    ...(route.email ? { email: { to: route.email.to } } : {}),
    ...(route.severities ? { severities: route.severities } : {}),
    group_wait: seconds(Math.min(route.groupWaitMs, timing.groupWaitMs)),
    group_interval: seconds(groupIntervalMs),
    repeat_interval: seconds(Math.max(route.repeatIntervalMs, groupIntervalMs)),
  };
}

/**
 * A copy of the rules directory for the demo's worker, whose routes.yaml has the demo's channels
 * filled in and group_wait (and group_interval) shortened so alerts show within the demo's minutes.
 * The rules themselves are unchanged. Written as JSON, which YAML reads.
 */
export async function prepareDemoRulesDir(
  source: string,
  variables: RouteVariables,
  timing: DemoTiming,
  warn: (line: string) => void,
): Promise<DemoRulesDir> {
  const loaded = await loadRoutes(join(source, 'routes.yaml'), variables);
  if (!loaded.routes) {
    for (const problem of loaded.problems) warn(problemLine(problem));
    throw new CliError(
      'CLI_ERR_CONFIG',
      `The routes in ${displayPath(source)} have problems (above); fix them first (b2c-alerts rules validate).`,
    );
  }
  for (const warning of loaded.warnings) warn(problemLine(warning));
  const dir = await mkdtemp(join(tmpdir(), 'b2c-alerts-demo-rules-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await cp(source, dir, { recursive: true, filter: (path) => !['.git', 'node_modules'].includes(basename(path)) });
    const routes = Object.fromEntries(
      Object.entries(loaded.routes.routes).map(([name, route]) => [name, routeEntry(route, timing)]),
    );
    await writeFile(join(dir, 'routes.yaml'), `${JSON.stringify({ routes }, null, 2)}\n`);
  } catch (error) {
    await remove();
    throw error;
  }
  return { dir, remove };
}
