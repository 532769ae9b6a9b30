import { describe, expect, it } from 'vitest';
import { alertEventsHash, alertHourHash } from '../../../../ui/components/alerts/alert-links.js';
import { parseHash } from '../../../../ui/state/hash-route.js';

describe("an alert's links to its events", () => {
  it('opens exactly its events, or nothing when one link cannot carry them', () => {
    expect(alertEventsHash(['a', 'b'])).toBe('#/events?ids=a%2Cb');
    expect(alertEventsHash([])).toBeNull();
    expect(alertEventsHash(Array.from({ length: 101 }, (_, i) => `e${i}`))).toBeNull();
  });

  it('opens the hour around its events', () => {
    const hash = alertHourHash({ firstEventAt: '2026-03-02T10:00:00.123Z', lastEventAt: '2026-03-02T10:10:00Z' });
    const query = parseHash(hash).query;
    expect(query.get('since')).toBe('2026-03-02T09:30:00Z');
    expect(query.get('until')).toBe('2026-03-02T10:40:00Z');
  });
});
