import { describe, expect, it } from 'vitest';
import { resolveFilter } from '../../src/index.js';

const now = Date.parse('2026-11-25T12:00:00Z');
const us = (iso: string) => Date.parse(iso) * 1000;

describe('time bounds', () => {
  it('reads a date alone as its whole day, at either end, both ends included', () => {
    const day = resolveFilter({ since: '2026-11-19', until: '2026-11-19' }, { now });
    expect(day.sinceUs).toBe(us('2026-11-19T00:00:00Z'));
    expect(day.untilUs).toBe(us('2026-11-20T00:00:00Z') - 1);
    expect(resolveFilter({ until: '2026-11-19T08:00:00Z' }, { now }).untilUs).toBe(us('2026-11-19T08:00:00Z'));
  });

  it('refuses a date that does not exist rather than rolling it over', () => {
    expect(() => resolveFilter({ until: '2026-02-30' }, { now })).toThrow(/until: "2026-02-30" is neither/);
  });
});
