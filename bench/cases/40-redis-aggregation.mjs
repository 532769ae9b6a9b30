// Aggregation throughput of the Evaluator over the shipped pack (issue 3): RedisStateStore (atomic Lua
// per rule and event, real Redis at REDIS_URL) vs MemoryStateStore, same events, same run.
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { normalize } from '@b2c-alerts/audit-client';
import { Evaluator, MemoryStateStore, RedisStateStore, loadRuleSet, formatProblem } from '@b2c-alerts/rule-engine';
import { generateTraffic } from '@b2c-alerts/testkit';
import { fmt, perSecond, report } from '../lib.mjs';

const rulesDir = fileURLToPath(new URL('../../rules', import.meta.url));
const { ruleSet, problems } = await loadRuleSet(rulesDir, { routes: ['security'] });
if (!ruleSet) throw new Error(problems.map(formatProblem).join('\n'));
const end = Date.parse('2026-11-01T00:00:00Z');
const events = [...generateTraffic({ seed: 4, start: end - 86_400_000, end, eventsPerHour: 2800 })]
  .slice(0, 50_000)
  .map((e) => normalize(e));

async function run(store) {
  const evaluator = new Evaluator({ ruleSet, store });
  const t = performance.now();
  for (let i = 0; i < events.length; i += 500) await evaluator.evaluate(events.slice(i, i + 500));
  const ms = performance.now() - t;
  return { rate: perSecond(events.length, ms), matches: evaluator.stats.matches };
}

const memory = await run(new MemoryStateStore());
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `bench:${process.pid}:${Date.now()}`;
const viaRedis = await run(new RedisStateStore({ redis, prefix }));
let cursor = '0';
do {
  const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
  cursor = next;
  if (keys.length) await redis.del(...keys);
} while (cursor !== '0');
await redis.quit();
report({
  case: 'aggregation: Evaluator + RedisStateStore',
  metric: 'events/s',
  value: fmt(viaRedis.rate),
  note: `${fmt(events.length)} events in batches of 500, ${fmt(viaRedis.matches)} rule matches through Lua`,
});
report({
  case: 'aggregation: Evaluator + MemoryStateStore',
  metric: 'events/s',
  value: fmt(memory.rate),
  note: 'same events and rules',
});
