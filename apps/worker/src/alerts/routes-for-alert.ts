import type { Route, Routes, Severity } from '@b2c-alerts/rule-engine';

/**
 * The routes an alert goes to: those the rule's `notify` names (each once) that take its severity.
 * `missing` lists names the routes file does not define (rules validate reports them; a reload that
 * removed a route can still leave alerts in flight).
 */
export function routesForAlert(
  notify: readonly string[],
  severity: Severity,
  routes: Routes,
): { routes: Route[]; missing: string[] } {
  const found: Route[] = [];
  const missing: string[] = [];
  for (const name of new Set(notify)) {
    const route = Object.hasOwn(routes.routes, name) ? routes.routes[name] : undefined;
    if (!route) missing.push(name);
    else if (!route.severities || route.severities.includes(severity)) found.push(route);
  }
  return { routes: found, missing };
}
