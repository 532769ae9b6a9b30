import { normalize } from '@b2c-alerts/audit-client';
import type { RuleSet } from '@b2c-alerts/rule-engine';
import { generateTraffic } from '@b2c-alerts/testkit';
import { LearningWatch, longestLearningMs } from './learning-watch.js';

const day = 86_400_000;

/**
 * Whole days of benign traffic to run before the evaluated days, so that every first-seen rule of
 * `pack` has finished learning when they start: a first-seen rule learns silently for its learning
 * period from its first matching event, which may come a day or more into the traffic (the generator's
 * role managers change roles every day or two). Found by generating the seed's traffic from its start
 * until every such rule has matched once (rarely more than a few days: the generator streams); a rule
 * that matches nothing by then is given its learning period from the start. At least one day, so that
 * count, spike and absence rules have history. The generator's records relative to its start are the
 * same for every start at midnight UTC, so what is found here holds for the real run.
 */
export function warmUpDaysFor(
  pack: RuleSet,
  o: { seed: number; tenant: string; services: ReadonlySet<string> | null; origin: number },
): number {
  const longest = longestLearningMs(pack);
  const watch = new LearningWatch(pack);
  if (!watch.complete) {
    const end = o.origin + longest + day;
    for (const record of generateTraffic({ seed: o.seed, start: o.origin, end, tenant: o.tenant })) {
      if (o.services !== null && !o.services.has(record.loggedByService ?? '')) continue;
      watch.observe([normalize(record, { tenant: o.tenant })]);
      if (watch.complete) break;
    }
  }
  const ends = watch.learningPeriods().map(({ endsAt, learningMs }) => endsAt ?? o.origin + learningMs);
  return Math.max(1, Math.ceil((Math.max(o.origin, ...ends) - o.origin) / day));
}
