/** The two ways a pack is run: with the generator's benign actors in its allow-lists, and as given. */
export type RunName = 'configured' | 'shipped';
export const runNames: readonly RunName[] = ['configured', 'shipped'];

export interface AttackOutcome {
  id: string;
  label: string;
  kind: string;
  /** When it was planted (ISO). */
  at: string;
  expectedRules: string[];
  /** Expected rules the pack does not have (not written yet, or renamed). */
  notInPack: string[];
  /** Expected rules the pack has but the run left disabled. */
  expectedDisabled: Record<RunName, string[]>;
  /** Services of its records that the evaluated reader does not read; those records were never evaluated. */
  unreadServices: string[];
  /** The rules (ids, in pack order) whose alerts were raised on its records, per run; empty when missed. */
  caughtBy: Record<RunName, string[]>;
}

export interface RuleOutcome {
  ruleId: string;
  enabled: Record<RunName, boolean>;
  /** Planted attacks the rule alerted on. */
  attacksCaught: Record<RunName, number>;
  /** Alerts on benign traffic per evaluated day. */
  benignByDay: Record<RunName, number[]>;
  /** Alerts on benign traffic during the warm-up (not budgeted). */
  warmUp: Record<RunName, number>;
}

export interface BenignAlert {
  run: RunName;
  ruleId: string;
  /** When it was raised (ISO, event time). */
  time: string;
  groupValues: Record<string, unknown>;
}

export interface LearningOutcome {
  ruleId: string;
  learningDays: number;
  /** When the rule stopped learning (its first matching event plus its learning); absent when nothing matched. */
  endsAt?: string;
}

/** Everything `b2c-alerts eval` found; plain JSON (what --format json prints). */
export interface EvaluationReport {
  seed: number;
  days: number;
  warmUpDays: number;
  /** The evaluated days: [evaluatedFrom, evaluatedTo). */
  evaluatedFrom: string;
  evaluatedTo: string;
  /** The services a reader of the evaluated tenant reads; null for every service. */
  services: string[] | null;
  learning: LearningOutcome[];
  attacks: AttackOutcome[];
  /** Rules enabled in either run, in pack order. */
  rules: RuleOutcome[];
  /** The alerts on benign traffic in the evaluated days, at most `benignAlertsListed` per run. */
  benignAlerts: BenignAlert[];
  events: { warmUp: number; evaluated: number; planted: number; removedByOutages: number };
  wallSeconds: number;
  /** CPU time of the process during the run (user and system): on a shared machine, steadier than wall time. */
  cpuSeconds: number;
  peakRssMb: number;
}

export const benignAlertsListed = 100;

export interface EvaluationVerdict {
  /** Attacks no alert of the configured run was raised on. */
  missed: string[];
  /** Alerts on benign traffic in the evaluated days of the configured run, and the budget for them. */
  benign: number;
  budget: number;
  passed: boolean;
}

/** The targets: every planted attack caught by the configured pack, and its benign alerts within budget. */
export function evaluationVerdict(report: EvaluationReport, maxBenignPerDay: number): EvaluationVerdict {
  const missed = report.attacks.filter((attack) => attack.caughtBy.configured.length === 0).map((attack) => attack.id);
  const benign = report.rules.reduce((sum, rule) => sum + rule.benignByDay.configured.reduce((a, b) => a + b, 0), 0);
  const budget = maxBenignPerDay * report.days;
  return { missed, benign, budget, passed: missed.length === 0 && benign <= budget };
}
