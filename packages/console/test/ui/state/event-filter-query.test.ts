import { describe, expect, it } from 'vitest';
import { filterFromQuery, filterKey, filterToQuery, withFilter } from '../../../ui/state/event-filter-query.js';
import { buildHash, parseHash } from '../../../ui/state/hash-route.js';

describe('the filter in the hash', () => {
  it('reads a link from an alert (`#/events?ids=a,b`) as a list of ids', () => {
    const route = parseHash('#/events?ids=a,b&since=7d');
    expect(route.path).toEqual(['events']);
    expect([...filterFromQuery(route.query)]).toEqual([
      ['since', ['7d']],
      ['ids', ['a', 'b']],
    ]);
  });

  it('keeps repeatable fields one value each, commas and spaces included', () => {
    const query = new URLSearchParams();
    query.append('activity', 'Update application – Certificates and secrets management ');
    query.append('activity', 'Add user, then delete');
    query.append('detail', 'PolicyId=B2C_1A_x');
    const state = filterFromQuery(query);
    expect(state.get('activity')).toEqual([
      'Update application – Certificates and secrets management ',
      'Add user, then delete',
    ]);
    expect(filterToQuery(state).getAll('activity')).toHaveLength(2);
  });

  it('drops UI-only keys and empty values, and orders keys canonically', () => {
    const a = new URLSearchParams('event=e1&actor=x&since=7d&text=');
    const b = new URLSearchParams('since=7d&actor=x');
    expect(filterKey(a)).toBe(filterKey(b));
    expect(filterKey(a)).toBe('since=7d&actor=x');
  });

  it('pivots by replacing one field and dropping pinned ids', () => {
    const state = filterFromQuery(new URLSearchParams('ids=a,b&since=7d&actor=old'));
    const next = withFilter(state, 'actor', 'mallory@contoso.example');
    expect(filterToQuery(next).toString()).toBe('since=7d&actor=mallory%40contoso.example');
    expect(() => withFilter(state, 'nope', 'x')).toThrow();
  });

  it('round-trips through a hash, hostile values included', () => {
    const value = '<script>alert(1)</script>&x=1#/y?\u202e';
    const hash = buildHash(['events'], filterToQuery(withFilter(new Map(), 'text', value)));
    expect(filterFromQuery(parseHash(hash).query).get('text')).toEqual([value.trim()]);
    expect(parseHash('#/alerts/a%2Fb').path).toEqual(['alerts', 'a/b']);
  });
});
