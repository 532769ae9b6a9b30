// A flood of unique values (issue 12): 1M failed password checks over one hour of event time (about
// Graph's per-tenant ceiling), each from a new client IP against a new sign-in name, through the shipped
// pack: password-spray groups by ip and local-account brute force by sign-in name, so every event opens
// two groups (and feeds the tenant-silent watchdog). Measures what the per-rule cap on groups (maxGroups,
// default 10,000) keeps, against the cap turned off, in the same run: Redis used_memory and DBSIZE on a
// private redis-server, and replay's memory (Evaluator + MemoryStateStore, batches of 500, as `b2c-alerts
// replay`). Each measurement runs in a child process of its own (node --expose-gc, gc() before reading
// memory), so its RSS is that flood's alone.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { normalize } from '@b2c-alerts/audit-client';
import {
  Evaluator,
  MemoryStateStore,
  RedisStateStore,
  defaultMaxGroups,
  formatProblem,
  loadRuleSet,
} from '@b2c-alerts/rule-engine';
import { PrivateRedisServer, Prng, incidents } from '@b2c-alerts/testkit';
import { fmt, perSecond, report } from '../lib.mjs';

const total = 1_000_000;
const checkpoints = [100_000, 200_000, 500_000, 1_000_000];
// The cap-off baselines stop early: replay holds several KB per event without the cap (1M would pass
// 3 GB), and through Redis each event costs three Lua scripts, so every 100k events adds about 10 s.
const counts = { redis: { capped: total, off: 100_000 }, memory: { capped: total, off: 200_000 } };
const batchSize = 500;
const end = Date.parse('2026-11-01T00:00:00Z');
const start = end - 3_600_000;
const capOff = { maxGroups: 1e9, maxClaims: 1e9 };

const [store, cap, countText] = process.argv.slice(2);
if (store === undefined) await parent();
else await child(store, cap, Number(countText));

async function parent() {
  const t = performance.now();
  const run = (kind, cap) => {
    const args = [fileURLToPath(import.meta.url), kind, cap, String(counts[kind][cap])];
    const out = spawnSync(process.execPath, ['--expose-gc', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (out.status !== 0) throw new Error(`flood ${kind} ${cap} exited ${out.status}`);
    return JSON.parse(out.stdout);
  };
  const redis = { capped: run('redis', 'capped'), off: run('redis', 'off') };
  const replay = { capped: run('memory', 'capped'), off: run('memory', 'off') };
  const seconds = ((performance.now() - t) / 1000).toFixed(0);
  const at = (result, n) => result.points.find((p) => p.events === n);
  const last = (result) => result.points[result.points.length - 1];
  const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
  const k = (n) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1000}k`);
  const capText = `cap ${fmt(defaultMaxGroups)}`;

  const redisAt = (p) => `${mb(p.usedMemory)}, ${fmt(p.dbsize)} keys`;
  const before = (result) => result.points.slice(0, -1);
  const redisPoints = before(redis.capped).map((p) => `${k(p.events)}: ${redisAt(p)}`);
  report({
    case: `flood: Redis used_memory at 1M unique IPs (${capText})`,
    metric: 'MB, DBSIZE',
    value: redisAt(last(redis.capped)),
    rss: Math.round(redis.capped.maxRss / 1048576),
    note:
      `${redisPoints.join('; ')}; empty: ${mb(redis.capped.empty.usedMemory)}; ` +
      `${fmt(last(redis.capped).evicted)} groups evicted; cap off at ${k(last(redis.off).events)}: ` +
      `${redisAt(last(redis.off))} (stopped there); private redis-server; RSS of the evaluating process`,
  });
  const replayAt = (p) => `${mb(p.rss)} RSS, ${mb(p.heapUsed)} heap`;
  const replayPoints = before(replay.capped).map((p) => `${k(p.events)}: ${replayAt(p)}`);
  report({
    case: `flood: replay memory at 1M unique IPs (${capText}, MemoryStateStore)`,
    metric: 'RSS, heapUsed',
    value: replayAt(last(replay.capped)),
    rss: Math.round(replay.capped.maxRss / 1048576),
    note:
      `after gc(); ${replayPoints.join('; ')}; before the flood: ${replayAt(replay.capped.empty)}; ` +
      `V8 heap reserved at 1M (heapTotal): ${mb(last(replay.capped).heapTotal)}; ` +
      `cap off at ${k(last(replay.off).events)}: ${replayAt(last(replay.off))} (stopped there)`,
  });
  for (const [name, result] of [
    ['Redis', redis],
    ['replay', replay],
  ]) {
    const n = last(result.off).events;
    const rate = (p) => perSecond(p.events, p.ms);
    report({
      case: `flood: ${name} events/s, ${capText} ÷ cap off`,
      metric: 'ratio',
      value: `${(rate(at(result.capped, n)) / rate(last(result.off))).toFixed(2)}×`,
      rss: '',
      note:
        `first ${k(n)} events: ${fmt(rate(at(result.capped, n)))} vs ${fmt(rate(last(result.off)))} events/s ` +
        `(time in evaluate only); ` +
        `capped to ${k(last(result.capped).events)}: ${fmt(rate(last(result.capped)))} events/s` +
        (name === 'replay' ? `; whole case ${seconds} s` : ''),
    });
  }
}

async function child(kind, capName, count) {
  const { ruleSet, problems } = await loadRuleSet(fileURLToPath(new URL('../../rules', import.meta.url)), {
    routes: ['security'],
  });
  if (!ruleSet) throw new Error(problems.map(formatProblem).join('\n'));
  const server = kind === 'redis' ? await PrivateRedisServer.start() : undefined;
  const redis = server && new Redis(server.url);
  const stateStore = redis ? new RedisStateStore({ redis, prefix: 'flood' }) : new MemoryStateStore();
  const evaluator = new Evaluator({ ruleSet, store: stateStore, ...(capName === 'off' ? capOff : {}) });
  const measure = async () => {
    globalThis.gc();
    const { rss, heapUsed, heapTotal } = process.memoryUsage();
    if (!redis) return { rss, heapUsed, heapTotal };
    const info = await redis.info('memory');
    return { rss, heapUsed, usedMemory: Number(/used_memory:(\d+)/.exec(info)[1]), dbsize: await redis.dbsize() };
  };
  const result = { empty: await measure(), points: [] };
  const events = floodEvents(count);
  let ms = 0;
  for (let done = 0; done < count;) {
    const batch = [];
    while (batch.length < batchSize && done + batch.length < count) batch.push(events.next().value);
    const t = performance.now();
    await evaluator.evaluate(batch);
    ms += performance.now() - t;
    done += batch.length;
    if (checkpoints.includes(done) || done === count)
      result.points.push({ events: done, ms, evicted: evaluator.stats.evicted, ...(await measure()) });
  }
  result.maxRss = process.resourceUsage().maxRSS * 1024;
  await redis?.quit();
  await server?.stop();
  process.stdout.write(JSON.stringify(result));
}

// Graph records shaped like the password-spray incident's, each from a new IP (a bijection of the index,
// so unique and scattered) against a new sign-in name, evenly over the hour before `end`.
function* floodEvents(count) {
  const [template] = incidents.passwordSpray(start, { users: 1 });
  const prng = new Prng(12);
  const names = ['olivia.smith', 'liam.jones', 'emma.garcia', 'noah.brown', 'ava.miller', 'lucas.davis'];
  const domains = ['outlook.com', 'gmail.com', 'yahoo.com', 'hotmail.com'];
  for (let i = 0; i < count; i++) {
    const x = Math.imul(i + 1, 2654435761) >>> 0;
    const ip = `${x >>> 24}.${(x >>> 16) & 255}.${(x >>> 8) & 255}.${x & 255}`;
    const username = `${names[i % names.length]}${i}@${domains[i % domains.length]}`;
    const time = new Date(start + Math.floor((i * 3_600_000) / total)).toISOString().replace('Z', '0000Z');
    const correlationId = prng.guid();
    const details = template.additionalDetails.map((d) =>
      d.key === 'ClientIpAddress'
        ? { key: d.key, value: ip }
        : d.key === 'LocalAccountUsername'
          ? { key: d.key, value: username }
          : d,
    );
    yield normalize({
      ...template,
      id: `B2C_${correlationId}_${prng.chars(5, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}_${20_000_000 + i}`,
      correlationId,
      activityDateTime: time,
      additionalDetails: details,
    });
  }
}
