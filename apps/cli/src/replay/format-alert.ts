import type { AlertCandidate } from '@b2c-alerts/rule-engine';
import { escapeControlChars } from '../text/escape-control-chars.js';
import type { ReplayName } from './replay-names.js';

/**
 * One alert as a JSON line: everything but the triggering event (its ids are in eventIds; a sequence's in
 * steps), and with --resolve-names the display names of the application and service-principal ids of that event.
 */
export function alertJson(alert: AlertCandidate, names: readonly ReplayName[] = []): string {
  const {
    ruleId,
    severity,
    title,
    status,
    groupKey,
    groupValues,
    count,
    firstTime,
    lastTime,
    eventIds,
    suppressed,
    topValues,
    steps,
    previous,
  } = alert;
  return JSON.stringify({
    ruleId,
    severity,
    title,
    status,
    groupKey,
    groupValues,
    count,
    firstTime,
    lastTime,
    eventIds,
    suppressed,
    ...(topValues !== undefined ? { topValues } : {}),
    ...(steps !== undefined ? { steps } : {}),
    ...(previous !== undefined ? { previous } : {}),
    ...(names.length > 0 ? { names } : {}),
  });
}

const shownEventIds = 3;

/**
 * One alert as a line for people: time, severity, rule, status, count, group values, title, event ids,
 * and with --resolve-names `names=["Display Name (id)", …]`. Values come from events (names from whoever
 * registered the application), so every one is quoted or escaped of control characters.
 */
export function alertLine(alert: AlertCandidate, names: readonly ReplayName[] = []): string {
  const group = Object.entries(alert.groupValues).map(([fact, value]) => `${fact}=${JSON.stringify(value) ?? ''}`);
  const ids =
    alert.eventIds.slice(0, shownEventIds).join(',') +
    (alert.eventIds.length > shownEventIds ? `,…(+${alert.eventIds.length - shownEventIds})` : '');
  const parts = [
    alert.lastTime,
    alert.severity.toUpperCase().padEnd(8),
    alert.ruleId,
    alert.status,
    `count=${alert.count}`,
    // A sequence's steps with how many events (distinct values) each held.
    ...(alert.steps !== undefined
      ? [`steps=${alert.steps.map((step) => `${step.name}(${step.count})`).join(',')}`]
      : []),
    ...(alert.previous !== undefined ? [`previous=${alert.previous.count}`] : []),
    ...(alert.suppressed > 0 ? [`suppressed=${alert.suppressed}`] : []),
    ...group,
    JSON.stringify(alert.title),
    ...(ids === '' ? [] : [`events=${ids}`]),
    ...(names.length > 0 ? [`names=${JSON.stringify(names.map((n) => `${n.name} (${n.id})`))}`] : []),
  ];
  return escapeControlChars(parts.join(' '));
}
