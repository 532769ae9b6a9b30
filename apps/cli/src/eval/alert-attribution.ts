import { groupKey, RuleMatcher, type AlertCandidate, type RuleSet } from '@b2c-alerts/rule-engine';
import type { AttackEvent } from './planted-traffic.js';

/** An attack's event as one aggregate rule sees it: in which group, when. */
interface Contribution {
  attack: number;
  groupKey: string;
  time: number;
}

/** The ids an alert lists: its event ids, the event that fired it, a sequence's steps. */
function listedIds(alert: AlertCandidate): string[] {
  const ids = [...alert.eventIds];
  if (alert.event !== undefined) ids.push(alert.event.id);
  for (const step of alert.steps ?? []) ids.push(...step.eventIds);
  return ids;
}

/**
 * Which planted attack an alert of one pack is about, from the events the alert was raised on, never
 * from when it was raised alone: an alert raised on an attack's records is that attack's; any other
 * alert is an alert on benign traffic.
 *
 * An alert's events are those it lists (event ids, the event that fired it, a sequence's steps), and,
 * for an aggregate rule, every event of its group within its window (firstTime to lastTime) that the
 * rule matches: a count alert lists only its window's first 50 ids and a spike alert only the event
 * that tipped it, while the attack's records may be the rest of the window. Alerts raised on a tick (a
 * silence, a drop in volume) list no event: they are about records that did not come, so such an alert
 * is an outage's when the outage removed records of its group and rule inside its window, and never a
 * planted attack's (planted records in a drop's window make the drop less likely, not more).
 */
export class AlertAttribution {
  private readonly byId = new Map<string, number>();
  private readonly byCorrelationId = new Map<string, number>();
  private readonly planted: Map<string, Contribution[]>;
  private readonly removed: Map<string, Contribution[]>;

  constructor(pack: RuleSet, planted: readonly AttackEvent[], removed: readonly AttackEvent[]) {
    for (const { attack, event } of planted) {
      this.byId.set(event.id, attack);
      if (event.correlationId !== undefined) this.byCorrelationId.set(event.correlationId, attack);
    }
    const matcher = new RuleMatcher(pack.rules, pack);
    this.planted = contributions(matcher, planted);
    this.removed = contributions(matcher, removed);
  }

  /** The index of the attack `alert` is about (as AttackEvent.attack), or undefined when it is benign. */
  attackOf(alert: AlertCandidate): number | undefined {
    const ids = listedIds(alert);
    for (const id of ids) {
      const attack = this.byId.get(id);
      if (attack !== undefined) return attack;
    }
    const correlated = alert.event?.correlationId;
    if (correlated !== undefined && this.byCorrelationId.has(correlated)) return this.byCorrelationId.get(correlated);
    // Planted records explain only an alert raised on events; one raised on a tick (a drop, a silence)
    // lists none and is about records that did not come: an outage's removed records, or nothing.
    return ids.length === 0 ? inWindow(this.removed, alert) : inWindow(this.planted, alert);
  }
}

/** Per aggregate rule, the groups and times of the events it matches. */
function contributions(matcher: RuleMatcher, events: readonly AttackEvent[]): Map<string, Contribution[]> {
  const byRule = new Map<string, Contribution[]>();
  for (const { attack, event } of events)
    for (const rule of matcher.match(event)) {
      if (rule.aggregate === undefined) continue;
      let list = byRule.get(rule.id);
      if (list === undefined) byRule.set(rule.id, (list = []));
      list.push({ attack, groupKey: groupKey(rule.id, rule.aggregate.groupBy, event).key, time: event.timestamp });
    }
  return byRule;
}

function inWindow(byRule: ReadonlyMap<string, Contribution[]>, alert: AlertCandidate): number | undefined {
  const from = Date.parse(alert.firstTime);
  const to = Date.parse(alert.lastTime);
  return byRule.get(alert.ruleId)?.find((c) => c.groupKey === alert.groupKey && c.time >= from && c.time <= to)?.attack;
}
