import { VirtualClock } from '@b2c-alerts/audit-client';
import { describe, expect, it } from 'vitest';
import { Evaluator, MemoryStateStore } from '../../../src/index.js';
import { at, auditEvent, hour, minute } from '../../helpers/audit-events.js';
import { rule, ruleSet } from '../../helpers/rules.js';
import { boundedStateSuite } from '../../store-suites/bounded-state-suite.js';
import { fallbackSuite } from '../../store-suites/fallback-suite.js';
import { memoryHarness, stateStoreSuite } from '../../store-suites/state-store-suite.js';

describe('MemoryStateStore', () => {
  stateStoreSuite(memoryHarness);
});

describe('MemoryStateStore bounds', () => {
  boundedStateSuite(memoryHarness);
});

describe('MemoryStateStore fallbacks', () => {
  fallbackSuite(memoryHarness);
});

describe('MemoryStateStore replay', () => {
  it('keeps recorded outcomes for the claim retention in event time, so a long replay keeps only recent ones', async () => {
    const reader = rule({
      id: 'r.reader',
      aggregate: { kind: 'first-seen', groupBy: ['actor.upn'], learningMs: hour },
    });
    const read = (id: string, time: number, actor: string) => auditEvent({ id, time, actor });
    const evaluator = new Evaluator({
      ruleSet: ruleSet(reader),
      store: new MemoryStateStore(),
      latenessMs: 10 * minute,
    });
    await evaluator.evaluate([read('a', at(0), 'alice')]);
    const batch = [read('b', at(120), 'bob')];
    const fired = await evaluator.evaluate(batch);
    expect(fired).toHaveLength(1);
    // 9 minutes later (event time) the alert is still recorded; 10 minutes after that replay, it is not
    // (RedisStateStore measures this in wall-clock time instead).
    await evaluator.evaluate([read('c', at(129), 'alice')]);
    expect(await evaluator.evaluate(batch)).toEqual(fired);
    await evaluator.evaluate([read('d', at(139), 'alice')]);
    expect(await evaluator.evaluate(batch)).toEqual([]);
    expect(evaluator.stats).toMatchObject({ alerts: 1, replayed: 1 });
  });

  it('keeps them on the given clock instead, as RedisStateStore does on the wall clock', async () => {
    const reader = rule({
      id: 'r.reader',
      aggregate: { kind: 'first-seen', groupBy: ['actor.upn'], learningMs: hour },
    });
    const read = (id: string, time: number, actor: string) => auditEvent({ id, time, actor });
    const clock = new VirtualClock();
    const evaluator = new Evaluator({
      ruleSet: ruleSet(reader),
      store: new MemoryStateStore({ clock }),
      latenessMs: 10 * minute,
    });
    await evaluator.evaluate([read('a', at(0), 'alice')]);
    const batch = [read('b', at(120), 'bob')];
    const fired = await evaluator.evaluate(batch);
    // Hours of event time pass (another worker catching up) but no time on the clock: still replayed.
    await evaluator.evaluate([read('c', at(300), 'alice')]);
    expect(await evaluator.evaluate(batch)).toEqual(fired);
    clock.advance(10 * minute);
    expect(await evaluator.evaluate(batch)).toEqual([]);
    expect(evaluator.stats).toMatchObject({ alerts: 1, replayed: 1 });
  });
});

describe('MemoryStateStore memory', () => {
  it('drops idle state in event time, so a long replay holds only what its windows need', async () => {
    const store = new MemoryStateStore();
    const evaluator = new Evaluator({
      ruleSet: ruleSet(
        rule({
          id: 'brute',
          aggregate: { kind: 'count', groupBy: ['target.id'], windowMs: 10 * minute, threshold: 5 },
        }),
        rule({ id: 'each', throttle: { key: ['target.id'], forMs: 10 * minute } }),
      ),
      store,
      latenessMs: 30 * minute,
      forgetAfterMs: hour,
    });
    const sizes: number[] = [];
    // Three days, one event a minute, every event a new group: without expiry, keys would grow without end.
    for (let h = 0; h < 72; h++) {
      const batch = Array.from({ length: 60 }, (_, m) =>
        auditEvent({ id: `e${h}-${m}`, time: at(h * 60 + m), target: `user-${h}-${m}` }),
      );
      await evaluator.evaluate(batch);
      sizes.push(store.size);
    }
    expect(evaluator.stats.alerts).toBe(72 * 60);
    // Without expiry: 3 keys per event, 12,960 at the end. Live state is ~170 keys; sweeps are lazy.
    expect(Math.max(...sizes.slice(24))).toBeLessThan(1500);
    expect(Math.max(...sizes.slice(48))).toBeLessThanOrEqual(Math.max(...sizes.slice(24, 48)) + 10);
  });
});
