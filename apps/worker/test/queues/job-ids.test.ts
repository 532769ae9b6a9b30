import { alertId } from '@b2c-alerts/notify';
import type { AlertCandidate } from '@b2c-alerts/rule-engine';
import { describe, expect, it } from 'vitest';
import { alertIdOf, alertJobId, evaluateJobId } from '../../src/queues/job-ids.js';

const candidate = (
  over: Partial<AlertCandidate> = {},
): Pick<AlertCandidate, 'groupKey' | 'firstTime' | 'status' | 'eventIds'> => ({
  groupKey: 'b2c.keys.policy-key-deleted|actor.name=mallory|target.id=B2C_1A_TokenSigningKeyContainer',
  firstTime: '2026-01-05T11:00:00.1234567Z',
  status: 'firing',
  eventIds: ['e1', 'e2'],
  ...over,
});

describe('job ids', () => {
  it('gives an alert job the id notify gives the alert', () => {
    expect(alertIdOf(candidate())).toBe(alertId(candidate()));
    expect(alertJobId('contoso', candidate())).toBe(`al:contoso:${alertId(candidate())}`);
  });

  it('keeps two alerts of one group that start at the same instant with different events apart', () => {
    expect(alertJobId('contoso', candidate({ eventIds: ['e3'] }))).not.toBe(alertJobId('contoso', candidate()));
    expect(alertJobId('contoso', candidate({ status: 'resolved' }))).not.toBe(alertJobId('contoso', candidate()));
  });

  it('makes ids BullMQ accepts: three parts, no colon inside a part', () => {
    for (const id of [
      alertJobId('contoso', candidate({ groupKey: 'a:b:c' })),
      evaluateJobId('contoso', [{ id: 'x:y' }]),
    ]) {
      expect(id.split(':')).toHaveLength(3);
    }
  });

  it('gives the same batch the same evaluate job id, and another batch another', () => {
    expect(evaluateJobId('t', [{ id: 'a' }, { id: 'b' }])).toBe(evaluateJobId('t', [{ id: 'a' }, { id: 'b' }]));
    expect(evaluateJobId('t', [{ id: 'a' }, { id: 'c' }])).not.toBe(evaluateJobId('t', [{ id: 'a' }, { id: 'b' }]));
  });
});
