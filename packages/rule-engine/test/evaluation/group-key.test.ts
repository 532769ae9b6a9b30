import { describe, expect, it } from 'vitest';
import { factText, formatGroupKey, groupKey } from '../../src/index.js';
import { auditEvent, t0 } from '../helpers/audit-events.js';

describe('groupKey', () => {
  const event = auditEvent({ id: 'g1', time: t0, actor: 'a|b=c\\d@contoso.com', ip: '10.0.0.1' });

  it('joins the rule id and each fact=value in order, missing values as empty', () => {
    expect(groupKey('rule.one', ['ip', 'target.id'], event)).toEqual({
      key: 'rule.one|ip=10.0.0.1|target.id=',
      values: { ip: '10.0.0.1', 'target.id': '' },
    });
    expect(groupKey('rule.one', [], event)).toEqual({ key: 'rule.one', values: {} });
  });

  it('escapes separators so different groups never share a key', () => {
    expect(groupKey('r', ['actor.upn'], event).key).toBe('r|actor.upn=a\\|b\\=c\\\\d@contoso.com');
    expect(formatGroupKey('r', [['a', 'x|b=y']])).not.toBe(
      formatGroupKey('r', [
        ['a', 'x'],
        ['b', 'y'],
      ]),
    );
    expect(formatGroupKey('r|a=1', [])).not.toBe(formatGroupKey('r', [['a', '1']]));
  });

  it('renders values as text', () => {
    expect([
      factText(undefined),
      factText(null),
      factText('x'),
      factText(3),
      factText(true),
      factText({ a: [1] }),
    ]).toEqual(['', '', 'x', '3', 'true', '{"a":[1]}']);
  });
});

describe('groupKey with fallbacks', () => {
  const username = 'details.LocalAccountUsername';
  const account = { firstOf: ['target.id', username] };
  const withName = (name: string | undefined, target?: string) => {
    const e = auditEvent({ id: 'f1', time: t0, ...(target === undefined ? {} : { target }), ip: '10.0.0.1' });
    if (name !== undefined) e.details['LocalAccountUsername'] = name;
    return e;
  };

  it('takes the first present fact and names it in the key and the values', () => {
    expect(groupKey('r', [account], withName('alice@contoso.com', 'oid-1'))).toEqual({
      key: 'r|target.id=oid-1',
      values: { 'target.id': 'oid-1' },
    });
    expect(groupKey('r', [account], withName('alice@contoso.com'))).toEqual({
      key: `r|${username}=alice@contoso.com`,
      values: { [username]: 'alice@contoso.com' },
    });
  });

  it('treats an empty value as missing and falls through to the next fact', () => {
    expect(groupKey('r', [{ firstOf: [username, 'target.id'] }], withName('', 'oid-1')).key).toBe('r|target.id=oid-1');
  });

  it('keeps the same text from two facts apart, unless `as` merges them', () => {
    const byId = withName(undefined, 'alice');
    const byName = withName('alice');
    expect(groupKey('r', [account], byId).key).not.toBe(groupKey('r', [account], byName).key);
    const merged = { ...account, as: 'account' };
    expect(groupKey('r', [merged], byId)).toEqual({ key: 'r|account=alice', values: { account: 'alice' } });
    expect(groupKey('r', [merged], byName).key).toBe('r|account=alice');
  });

  it('gives an entry without a value its first fact (or its as) with an empty value', () => {
    expect(groupKey('r', [account, 'ip'], withName(undefined))).toEqual({
      key: 'r|target.id=|ip=10.0.0.1',
      values: { 'target.id': '', ip: '10.0.0.1' },
    });
    expect(groupKey('r', [{ ...account, as: 'account' }], withName(undefined)).key).toBe('r|account=');
  });

  it('leaves the key of a plain fact as it was, so adding fallbacks after it keeps existing groups', () => {
    const e = withName('alice@contoso.com', 'oid-1');
    expect(groupKey('r', [{ firstOf: [username, 'target.id'] }], e).key).toBe(groupKey('r', [username], e).key);
  });

  it('bounds a fallback value like any group value', () => {
    const long = 'x'.repeat(1000);
    const { values } = groupKey('r', [account], withName(long));
    expect(values[username]).toHaveLength(256);
    expect(values[username]).toMatch(/…#[0-9a-f]{16}$/);
  });
});
