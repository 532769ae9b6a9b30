import { describe, expect, it } from 'vitest';
import { RedisKeys } from '../../src/index.js';

describe('RedisKeys', () => {
  it('names every key family as deployed: a renamed key would orphan the state a deployment holds', () => {
    const keys = new RedisKeys('b2c');
    expect([
      keys.watermark('contoso'),
      keys.seen('contoso'),
      keys.pollLock('contoso'),
      keys.lastSuccess('contoso'),
      keys.failures('contoso'),
      keys.newest('contoso'),
      keys.statePrefix('contoso'),
      keys.selfAlert('self.poll', 'contoso', 'auth'),
      keys.group('security', '0123456789abcdef'),
      keys.groupPending('security', '0123456789abcdef'),
      keys.groupSeen('security', '0123456789abcdef'),
      keys.groupBatch('security', '0123456789abcdef', 3),
      keys.thread('security', '0123456789abcdef', 'C042'),
      keys.sent('dl:n1:slack-00ff'),
      keys.lastPoll('contoso'),
      keys.throttled('contoso'),
      keys.rulesVersion(),
    ]).toEqual([
      'b2c:poll:contoso:watermark',
      'b2c:poll:contoso:seen',
      'b2c:poll:contoso:lock',
      'b2c:poll:contoso:last-success',
      'b2c:poll:contoso:failures',
      'b2c:poll:contoso:newest',
      'b2c:state:contoso',
      'b2c:self:self.poll:contoso:auth',
      'b2c:group:security:0123456789abcdef',
      'b2c:group:security:0123456789abcdef:pending',
      'b2c:group:security:0123456789abcdef:seen',
      'b2c:group:security:0123456789abcdef:batch:3',
      'b2c:thread:security:0123456789abcdef:C042',
      'b2c:sent:dl:n1:slack-00ff',
      'b2c:poll:contoso:last-poll',
      'b2c:poll:contoso:throttled',
      'b2c:rules:version',
    ]);
    expect(keys.tenantOfWatermark(keys.watermark('contoso.b2c'))).toBe('contoso.b2c');
  });
});
