import { it } from 'vitest';
import { Redis } from 'ioredis';
import { Evaluator, MemoryStateStore, RedisStateStore, type StateStore } from '../src/index.js';
import { ruleSet } from './support/rules.js';
import { hour, minute } from './support/audit-events.js';
// @ts-expect-error scratch
import { rulesForDebug, deliveriesForDebug } from './store-parity.test.ts';

it('debug', async () => {
  const redis = new Redis();
  const mem = new MemoryStateStore();
  const red = new RedisStateStore({ redis, prefix: 'dbg:' + Date.now() });
  let n = 0; let reported = false;
  const both = new Proxy({}, { get: (_t, name: string) => async (arg: any) => {
    const a = await (mem as any)[name](arg); const b = await (red as any)[name](arg);
    n++; if (JSON.stringify(arg).includes("each-throttled|target.id=u4")) console.log("TRACE", n, arg.eventId, new Date(arg.time).toISOString(), JSON.stringify(a), JSON.stringify(b));
    const norm = (x: any) => Array.isArray(x) ? JSON.stringify(x.map((y: any) => JSON.stringify(y)).sort()) : JSON.stringify(x); if (!reported && norm(a) !== norm(b)) { reported = true; console.log(n, name, JSON.stringify(arg), JSON.stringify(a), JSON.stringify(b)); }
    return a;
  } }) as StateStore;
  const ev = new Evaluator({ ruleSet: ruleSet(...rulesForDebug), store: both, latenessMs: 30 * minute, forgetAfterMs: hour, maxEventIds: 5 });
  for (const batch of deliveriesForDebug(11)) { for (const e of batch) await ev.evaluate([e]); await ev.tick(Math.max(...batch.map((e: any) => e.timestamp))); }
  await redis.quit();
});
