import { defaultAuditServices } from '@b2c-alerts/audit-client';
import { OrderedEvaluation, type RuleSet } from '@b2c-alerts/rule-engine';
import { attackCatalogue, type PlantedAttack } from '@b2c-alerts/testkit';
import { AlertAttribution } from './alert-attribution.js';
import { scheduleAttacks } from './attack-schedule.js';
import { configuredPack } from './configured-pack.js';
import { runNames, type EvaluationReport, type RunName } from './evaluation-report.js';
import { AlertTally } from './alert-tally.js';
import { LearningWatch } from './learning-watch.js';
import { PlantedTraffic } from './planted-traffic.js';
import { warmUpDaysFor } from './warm-up.js';

const day = 86_400_000;
/** The generator's tenant. */
const tenant = 'contosob2c.onmicrosoft.com';
/** The first evaluated day: fixed, so a seed gives the same report on every machine and every day. */
const evaluatedFrom = Date.parse('2026-03-02T00:00:00Z');
/** Any midnight UTC: where the warm-up's length is worked out (see warmUpDaysFor). */
const midnight = evaluatedFrom;

export interface EvaluationOptions {
  /** The pack as given ("as shipped"); the configured run adds the generator's actors to its allow-lists. */
  ruleSet: RuleSet;
  days: number;
  seed: number;
  /** The services the tenant's reader reads (AZURE_AUDIT_SERVICES); null for every one. Default: the reader's defaultAuditServices. */
  services?: readonly string[] | null;
  /** Default: every attack of testkit's catalogue. */
  catalogue?: readonly PlantedAttack[];
  /** Told the event time reached, about once an hour of it. */
  onProgress?: (time: number) => void;
  signal?: AbortSignal;
}

/**
 * The labelled evaluation: benign traffic (testkit's generator, directory churn included) over a
 * warm-up (until the pack's first-seen rules have learnt, warmUpDaysFor) and `days` evaluated days,
 * every catalogue attack planted once in the evaluated days, replayed in event time through the pack
 * twice, configured and as given, with replay's ordered evaluation (memory store, minute ticks). Each
 * alert is attributed to the attack whose records it was raised on, or counted as an alert on benign
 * traffic (AlertAttribution, AlertTally).
 */
export async function runEvaluation(options: EvaluationOptions): Promise<EvaluationReport> {
  const startedAt = performance.now();
  const cpuAtStart = process.cpuUsage();
  const catalogue = options.catalogue ?? attackCatalogue;
  const services = options.services === undefined ? defaultAuditServices : options.services;
  const packs: Record<RunName, RuleSet> = { configured: configuredPack(options.ruleSet), shipped: options.ruleSet };
  const read = services === null ? null : new Set(services);
  const warmUpDays = warmUpDaysFor(packs.configured, { seed: options.seed, tenant, services: read, origin: midnight });
  const start = evaluatedFrom - warmUpDays * day;
  const end = evaluatedFrom + options.days * day;
  const scheduled = scheduleAttacks(catalogue, {
    start: evaluatedFrom,
    days: options.days,
    seed: options.seed,
    tenant,
  });
  const traffic = new PlantedTraffic({
    seed: options.seed,
    start,
    end,
    tenant,
    scheduled,
    services: read,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const evaluations = {
    configured: new OrderedEvaluation(packs.configured, { since: start }),
    shipped: new OrderedEvaluation(packs.shipped, { since: start }),
  };
  const learning = new LearningWatch(packs.configured);
  const events = { warmUp: 0, evaluated: 0, planted: 0, removedByOutages: 0 };
  await traffic.run(async (batch, hourEnd) => {
    if (hourEnd <= evaluatedFrom) events.warmUp += batch.length;
    else events.evaluated += batch.length;
    learning.observe(batch);
    for (const run of runNames) await evaluations[run].add(batch);
    options.onProgress?.(hourEnd);
  });
  for (const run of runNames) await evaluations[run].finish(end);
  events.planted = traffic.planted.length;
  events.removedByOutages = traffic.removed.length;

  const tally = new AlertTally(packs, scheduled, traffic.unreadServices, { from: evaluatedFrom, days: options.days });
  for (const run of runNames) {
    const attribution = new AlertAttribution(packs[run], traffic.planted, traffic.removed);
    for (const alert of evaluations[run].alerts) tally.add(run, alert, attribution.attackOf(alert));
  }
  return {
    seed: options.seed,
    days: options.days,
    warmUpDays,
    evaluatedFrom: new Date(evaluatedFrom).toISOString(),
    evaluatedTo: new Date(end).toISOString(),
    services: services === null ? null : [...services],
    learning: learning.learningPeriods().map(({ ruleId, learningMs, endsAt }) => ({
      ruleId,
      learningDays: learningMs / day,
      ...(endsAt === undefined ? {} : { endsAt: new Date(endsAt).toISOString() }),
    })),
    attacks: tally.attacks,
    rules: tally.rules(),
    benignAlerts: tally.benignAlerts,
    events,
    wallSeconds: Math.round((performance.now() - startedAt) / 100) / 10,
    cpuSeconds: Math.round(cpuSeconds(process.cpuUsage(cpuAtStart)) * 10) / 10,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

function cpuSeconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}
