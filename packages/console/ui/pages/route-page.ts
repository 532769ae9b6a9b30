import type { Route } from '../state/hash-route.js';
import { alertPage } from './alert-page.js';
import { alertsPage } from './alerts-page.js';
import { eventsPage } from './events-page.js';
import { healthPage } from './health-page.js';
import type { Page } from './page.js';
import { rulePage } from './rule-page.js';
import { rulesPage } from './rules-page.js';

/** The page a route names; unknown routes show Events. */
export function routePage(route: Route): { name: string; create(): Page } {
  const [first, id] = route.path;
  if (first === 'alerts')
    return id ? { name: 'alerts', create: () => alertPage(id) } : { name: 'alerts', create: alertsPage };
  if (first === 'rules')
    return id ? { name: 'rules', create: () => rulePage(id) } : { name: 'rules', create: rulesPage };
  if (first === 'health') return { name: 'health', create: healthPage };
  return { name: 'events', create: () => eventsPage(route) };
}
