// Throughput of each aggregation kind on RedisStateStore (real Redis at REDIS_URL), one rule at a time
// over the same events in the same run, so the kinds compare with each other: count and distinct as
// the shipped credential rules use them, spike, and sequence (issue 10) in both forms, ticking once a batch.
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { normalize } from '@b2c-alerts/audit-client';
import { Evaluator, RedisStateStore, loadRuleSet, formatProblem } from '@b2c-alerts/rule-engine';
import { generateTraffic, incidents } from '@b2c-alerts/testkit';
import { fmt, perSecond, report } from '../lib.mjs';

const rulesDir = fileURLToPath(new URL('../../rules', import.meta.url));
const { ruleSet, problems } = await loadRuleSet(rulesDir, { routes: ['security'] });
if (!ruleSet) throw new Error(problems.map(formatProblem).join('\n'));
const shipped = (id) => ruleSet.rules.find((rule) => rule.id === id);
const end = Date.parse('2026-11-01T00:00:00Z');
// Busy data-plane traffic, with sprays answered by sign-ins so the sequences complete now and then.
const raw = [...generateTraffic({ seed: 4, start: end - 86_400_000, end, eventsPerHour: 2800 })].slice(0, 50_000);
const first = Date.parse(raw[0].activityDateTime);
for (let h = 1; h < 18; h += 2) {
  const ip = `198.51.100.${h}`;
  raw.push(...incidents.passwordSpray(first + h * 3_600_000, { ip, users: 12 }));
  raw.push(...incidents.signedInFrom(first + h * 3_600_000 + 20 * 60_000, { ip }));
}
const events = raw.map((e) => normalize(e)).sort((a, b) => a.timestamp - b.timestamp);

// Every rule takes the same events (the spray-then-token rule's match: failed password checks and
// token records with a client IP, about half the traffic), grouped by IP, so the kinds compare.
const sprayThenToken = shipped('b2c.data-plane.password-spray-then-token');
const failure = sprayThenToken.aggregate.steps[0].match;
const token = sprayThenToken.aggregate.steps[1].match;
const sameEvents = (id, aggregate) => ({ ...sprayThenToken, id, throttle: undefined, aggregate });
const kinds = [
  ['count', sameEvents('bench.count', { kind: 'count', groupBy: ['ip'], windowMs: 600_000, threshold: 50 })],
  [
    'distinct',
    sameEvents('bench.distinct', {
      kind: 'distinct',
      groupBy: ['ip'],
      field: 'details.LocalAccountUsername',
      windowMs: 600_000,
      threshold: 10,
    }),
  ],
  [
    'spike',
    sameEvents('bench.spike', {
      kind: 'spike',
      groupBy: ['ip'],
      windowMs: 600_000,
      direction: 'both',
      ratio: 5,
      dropPercent: 60,
      minCurrent: 20,
      minPrevious: 20,
    }),
  ],
  ['sequence', sprayThenToken],
  [
    'sequence, negative form',
    sameEvents('bench.sequence-negative', {
      kind: 'sequence',
      groupBy: ['ip'],
      windowMs: 600_000,
      steps: [{ name: 'failure', match: failure, threshold: 1, windowMs: 600_000 }],
      absent: { match: token, windowMs: 600_000 },
    }),
  ],
];

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `bench:${process.pid}:${Date.now()}`;
for (const [kind, rule] of kinds) {
  const evaluator = new Evaluator({
    ruleSet: { ...ruleSet, rules: [rule] },
    store: new RedisStateStore({ redis, prefix: `${prefix}:${kind}` }),
  });
  const t = performance.now();
  let alerts = 0;
  for (let i = 0; i < events.length; i += 500) {
    const batch = events.slice(i, i + 500);
    alerts += (await evaluator.evaluate(batch)).length;
    // The worker ticks every minute; one tick per batch (about 10 minutes of this traffic) here.
    alerts += (await evaluator.tick(batch[batch.length - 1].timestamp)).length;
  }
  const ms = performance.now() - t;
  report({
    case: `aggregation kind on Redis: ${kind}`,
    metric: 'matches/s',
    value: fmt(perSecond(evaluator.stats.matches, ms)),
    note: `${rule.id}: ${fmt(evaluator.stats.matches)} matches of ${fmt(events.length)} events (${fmt(perSecond(events.length, ms))} events/s), ${fmt(alerts)} alerts`,
  });
}
let cursor = '0';
do {
  const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
  cursor = next;
  if (keys.length) await redis.del(...keys);
} while (cursor !== '0');
await redis.quit();
