import { describe, expect, it } from 'vitest';
import {
  defaultPollWindowOptions,
  planWindow,
  pollWindowOptionsSchema,
  type PollWindowOptions,
} from '../../src/index.js';
import { retentionSafetyMarginMs } from '../../src/polling/poll-window.js';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const now = Date.parse('2026-03-10T12:00:00Z');
const o = defaultPollWindowOptions;

describe('defaultPollWindowOptions', () => {
  it('uses the documented defaults', () => {
    expect(o).toEqual({
      delayMs: 7 * minute,
      overlapMs: 30 * minute,
      retentionMs: 7 * day,
      maxSpanMs: 6 * hour,
      initialLookbackMs: hour,
    });
    expect(pollWindowOptionsSchema.safeParse(o).success).toBe(true);
  });
});

describe('planWindow', () => {
  const cases: Array<{
    name: string;
    watermark: number | undefined;
    now: number;
    options?: Partial<PollWindowOptions>;
    expected: { from: number; to: number } | undefined;
  }> = [
    {
      name: 'first run: initial lookback plus overlap, ending delay before now',
      watermark: undefined,
      now,
      expected: { from: now - hour - 30 * minute, to: now - 7 * minute },
    },
    {
      name: 'steady state: from watermark − overlap to now − delay',
      watermark: now - 8 * minute,
      now,
      expected: { from: now - 38 * minute, to: now - 7 * minute },
    },
    {
      name: 'delay: nothing new when the watermark already is now − delay',
      watermark: now - 7 * minute,
      now,
      expected: undefined,
    },
    {
      name: 'delay: a watermark ahead of now − delay (clock skew) is never moved back',
      watermark: now,
      now,
      expected: undefined,
    },
    {
      name: 'after downtime: one chunk of maxSpan past the watermark',
      watermark: now - 2 * day,
      now,
      expected: { from: now - 2 * day - 30 * minute, to: now - 2 * day + 6 * hour },
    },
    {
      name: 'retention: a watermark older than retention starts at the floor plus margin',
      watermark: now - 9 * day,
      now,
      expected: {
        from: now - 7 * day + retentionSafetyMarginMs,
        to: now - 7 * day + retentionSafetyMarginMs + 6 * hour,
      },
    },
    {
      name: 'retention: only the overlap crosses the floor',
      watermark: now - 7 * day + 10 * minute,
      now,
      expected: { from: now - 7 * day + retentionSafetyMarginMs, to: now - 7 * day + 10 * minute + 6 * hour },
    },
    {
      name: 'first run with a lookback beyond retention is clamped',
      watermark: undefined,
      now,
      options: { initialLookbackMs: 30 * day },
      expected: {
        from: now - 7 * day + retentionSafetyMarginMs,
        to: now - 7 * day + retentionSafetyMarginMs + 6 * hour,
      },
    },
    {
      name: 'maxSpan smaller than overlap still makes progress',
      watermark: now - 3 * hour,
      now,
      options: { maxSpanMs: 10 * minute },
      expected: { from: now - 3 * hour - 30 * minute, to: now - 3 * hour + 10 * minute },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(planWindow(c.watermark, c.now, { ...o, ...c.options })).toEqual(c.expected);
    });
  }

  it('catches up after downtime in chunks that overlap and leave no gap', () => {
    const start = now - 3 * day;
    let watermark: number | undefined = start;
    const windows: Array<{ from: number; to: number }> = [];
    for (let i = 0; i < 100; i++) {
      const w = planWindow(watermark, now, o);
      if (!w) break;
      windows.push(w);
      watermark = w.to;
    }
    expect(windows.length).toBe(12); // 72 h − 7 min: eleven 6 h chunks and a shorter last one
    expect(windows[0]!.from).toBe(start - o.overlapMs);
    for (let i = 1; i < windows.length; i++) {
      expect(windows[i]!.from).toBe(windows[i - 1]!.to - o.overlapMs); // overlap, no gap
      expect(windows[i]!.to - windows[i - 1]!.to).toBeGreaterThan(0); // progress
      expect(windows[i]!.to - windows[i]!.from).toBeLessThanOrEqual(o.maxSpanMs + o.overlapMs);
    }
    expect(watermark).toBe(now - o.delayMs);
  });

  it('never ends a window later than now − delay, whatever the watermark', () => {
    for (let w = now - 8 * day; w < now; w += 17 * minute) {
      const window = planWindow(w, now, o);
      if (!window) continue;
      expect(window.to).toBeLessThanOrEqual(now - o.delayMs);
      expect(window.from).toBeGreaterThanOrEqual(now - o.retentionMs);
      expect(window.from).toBeLessThan(window.to);
      expect(window.to).toBeGreaterThan(w);
    }
  });

  it('rejects options that would never make progress', () => {
    expect(pollWindowOptionsSchema.safeParse({ ...o, maxSpanMs: 0 }).success).toBe(false);
    expect(pollWindowOptionsSchema.safeParse({ ...o, delayMs: 8 * day }).success).toBe(false);
  });
});
