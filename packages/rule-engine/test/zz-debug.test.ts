import { it } from 'vitest';
import { Evaluator, MemoryStateStore } from '../src/index.js';
import { at, auditEvent, hour, minute } from './support/audit-events.js';
import { rule, ruleSet } from './support/rules.js';
it('debug', async () => {
  const store = new MemoryStateStore();
  const evaluator = new Evaluator({ ruleSet: ruleSet(
    rule({ id: 'brute', aggregate: { kind: 'count', groupBy: ['target.id'], windowMs: 10 * minute, threshold: 5 } }),
    rule({ id: 'each', throttle: { key: ['target.id'], forMs: 10 * minute } }),
  ), store, latenessMs: 30 * minute, forgetAfterMs: hour });
  for (let h = 0; h < 72; h++) {
    await evaluator.evaluate(Array.from({ length: 60 }, (_, m) => auditEvent({ id: `e${h}-${m}`, time: at(h * 60 + m), target: `user-${h}-${m}` })));
  }
  const slots = (store as any).keys.slots as Map<string, any>;
  const fam: Record<string, number> = {};
  for (const [k, v] of slots) { const f = k.split(':')[0]; fam[f] = (fam[f] ?? 0) + 1; }
  console.log(fam, (store as any).keys.clock, [...slots].slice(0, 3).map(([k, v]) => [k, v.expiresAt]));
});
