import type { AlertCandidate, RuleSet } from '@b2c-alerts/rule-engine';
import type { ScheduledAttack } from './attack-schedule.js';
import {
  benignAlertsListed,
  type AttackOutcome,
  type BenignAlert,
  type RuleOutcome,
  type RunName,
} from './evaluation-report.js';

const day = 86_400_000;

/**
 * The alerts of both runs, per attack and per rule: an alert raised on an attack's records (see
 * AlertAttribution) catches it, once per rule; any other is an alert on benign traffic, counted by
 * evaluated day, or apart when raised during the warm-up.
 */
export class AlertTally {
  readonly attacks: AttackOutcome[];
  readonly benignAlerts: BenignAlert[] = [];
  private readonly byRule = new Map<string, RuleOutcome>();
  private readonly order: Map<string, number>;

  constructor(
    packs: Record<RunName, RuleSet>,
    scheduled: readonly ScheduledAttack[],
    unreadServices: readonly string[][],
    private readonly evaluated: { from: number; days: number },
  ) {
    const ids = new Set(packs.shipped.rules.map((rule) => rule.id));
    const disabledIn = (pack: RuleSet) => new Set(pack.rules.filter((rule) => !rule.enabled).map((rule) => rule.id));
    const disabled = { configured: disabledIn(packs.configured), shipped: disabledIn(packs.shipped) };
    this.order = new Map(packs.configured.rules.map((rule, index) => [rule.id, index]));
    this.attacks = scheduled.map(({ attack, at }, index) => ({
      id: attack.id,
      label: attack.label,
      kind: attack.kind,
      at: new Date(at).toISOString(),
      expectedRules: [...attack.expectedRules],
      notInPack: attack.expectedRules.filter((id) => !ids.has(id)),
      expectedDisabled: {
        configured: attack.expectedRules.filter((id) => disabled.configured.has(id)),
        shipped: attack.expectedRules.filter((id) => disabled.shipped.has(id)),
      },
      unreadServices: unreadServices[index] ?? [],
      caughtBy: { configured: [], shipped: [] },
    }));
    for (const rule of packs.configured.rules) {
      const enabled = {
        configured: rule.enabled,
        shipped: packs.shipped.rules.find((shipped) => shipped.id === rule.id)?.enabled === true,
      };
      if (!enabled.configured && !enabled.shipped) continue;
      this.byRule.set(rule.id, {
        ruleId: rule.id,
        enabled,
        attacksCaught: { configured: 0, shipped: 0 },
        benignByDay: {
          configured: new Array<number>(evaluated.days).fill(0),
          shipped: new Array<number>(evaluated.days).fill(0),
        },
        warmUp: { configured: 0, shipped: 0 },
      });
    }
  }

  /** Counts `alert` of `run`, raised on the records of the attack at index `attack` of the schedule, or on benign ones. */
  add(run: RunName, alert: AlertCandidate, attack: number | undefined): void {
    // An absence alert's resolution closes the alert it follows; it is not another alert.
    if (alert.status === 'resolved') return;
    const rule = this.byRule.get(alert.ruleId);
    if (rule === undefined) return;
    if (attack !== undefined) {
      const caughtBy = this.attacks[attack]!.caughtBy[run];
      if (caughtBy.includes(alert.ruleId)) return;
      caughtBy.push(alert.ruleId);
      caughtBy.sort((a, b) => (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0));
      rule.attacksCaught[run] += 1;
      return;
    }
    const time = Date.parse(alert.lastTime);
    const { from, days } = this.evaluated;
    if (time < from) {
      rule.warmUp[run] += 1;
      return;
    }
    rule.benignByDay[run][Math.min(days - 1, Math.floor((time - from) / day))]! += 1;
    if (this.benignAlerts.filter((listed) => listed.run === run).length < benignAlertsListed)
      this.benignAlerts.push({ run, ruleId: alert.ruleId, time: alert.lastTime, groupValues: alert.groupValues });
  }

  rules(): RuleOutcome[] {
    return [...this.byRule.values()];
  }
}
