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
