import { describe, expect, it } from 'vitest';
import { dragRange, isoSeconds, timeAt, xAt } from '../../../ui/state/histogram-range.js';

const range = { since: Date.parse('2026-03-01T00:00:00Z'), until: Date.parse('2026-03-04T00:00:00Z') };

describe('the histogram range math', () => {
  it('maps x to time and back, clamped to the chart', () => {
    expect(timeAt(0, 600, range)).toBe(range.since);
    expect(timeAt(600, 600, range)).toBe(range.until);
    expect(timeAt(-50, 600, range)).toBe(range.since);
    expect(timeAt(900, 600, range)).toBe(range.until);
    expect(timeAt(200, 600, range)).toBe(Date.parse('2026-03-02T00:00:00Z'));
    expect(xAt(Date.parse('2026-03-02T12:00:00Z'), 600, range)).toBe(300);
  });

  it('turns a drag (either direction) into a range rounded outwards to seconds', () => {
    const forward = dragRange(200, 400, 600, range);
    expect(forward).toEqual({ since: Date.parse('2026-03-02T00:00:00Z'), until: Date.parse('2026-03-03T00:00:00Z') });
    expect(dragRange(400, 200, 600, range)).toEqual(forward);
    const odd = dragRange(1, 7, 1000, range);
    expect(odd).not.toBeNull();
    expect(odd!.since % 1000).toBe(0);
    expect(odd!.until % 1000).toBe(0);
  });

  it('treats a click or a drag narrower than a minute as no zoom', () => {
    expect(dragRange(100, 102, 600, range)).toBeNull();
    const hour = { since: range.since, until: range.since + 3_600_000 };
    expect(dragRange(0, 5, 1000, hour)).toBeNull();
  });

  it('writes zoomed bounds as ISO UTC without zero milliseconds', () => {
    expect(isoSeconds(Date.parse('2026-03-02T10:00:00Z'))).toBe('2026-03-02T10:00:00Z');
    expect(isoSeconds(Date.parse('2026-03-02T10:00:00.250Z'))).toBe('2026-03-02T10:00:00.250Z');
  });
});
