import { describe, expect, it } from 'vitest';
import { parseTestEvent } from '../../src/index.js';
import { buildTestEvents } from '../../src/rule-tests/build-test-events.js';
import { testEventSchema, type TestEvent } from '../../src/rule-tests/tests-file-schema.js';

const items = (...raw: unknown[]): TestEvent[] => raw.map((r) => testEventSchema.parse(r));

describe('buildTestEvents', () => {
  it('fills the defaults a real event has: id, time, category, targets, actor.name, ip, tenant', () => {
    const [event, next] = buildTestEvents(
      items(
        {
          activity: 'Delete policy key',
          actor: { upn: 'mallory@x.example', ip: '203.0.113.7' },
          target: { id: 'B2C_1A_Key' },
          details: { TenantId: 't.onmicrosoft.com', Count: 3 },
        },
        {
          activity: 'Get policy keys',
          details: { ClientIpAddress: '198.51.100.1' },
          targets: [{ displayName: 'B2C_1A_X', modified: [{ name: 'Key', old: 'a', new: 'b' }] }],
        },
      ),
      { caseIndex: 2 },
    );
    expect(event).toEqual({
      id: 'test-2-0',
      time: '2026-01-05T10:00:00.000Z',
      timestamp: Date.parse('2026-01-05T10:00:00Z'),
      activity: 'Delete policy key',
      category: 'Other',
      actor: { upn: 'mallory@x.example', ip: '203.0.113.7', name: 'mallory@x.example' },
      target: { id: 'B2C_1A_Key' },
      targets: [{ id: 'B2C_1A_Key', modified: [] }],
      details: { TenantId: 't.onmicrosoft.com', Count: '3' },
      ip: '203.0.113.7',
      tenant: 't.onmicrosoft.com',
    });
    expect(next).toMatchObject({
      id: 'test-2-1',
      time: '2026-01-05T10:00:01.000Z',
      ip: '198.51.100.1',
      target: { displayName: 'B2C_1A_X' },
    });
    expect(next!.targets[0]!.modified).toEqual([{ name: 'Key', old: 'a', new: 'b' }]);
  });

  it('lays out a timed sequence: at, time, repeat, every and vary', () => {
    const events = buildTestEvents(
      items(
        { activity: 'A', at: '+5m' },
        {
          activity: 'B',
          repeat: 3,
          every: '20s',
          at: '+1m',
          vary: { 'target.id': 'user-{i}', result: ['failure', 'success'] },
        },
        { activity: 'C', at: '-10m' },
        { activity: 'D', time: '2026-01-06T00:00:00+01:00', id: 'fixed', repeat: 2 },
        { activity: 'E' },
      ),
      { start: Date.parse('2026-02-01T00:00:00Z') },
    );
    expect(events.map((e) => [e.id, e.activity, e.time, e.target?.id, e.result])).toEqual([
      ['test-0-0', 'A', '2026-02-01T00:05:00.000Z', undefined, undefined],
      ['test-0-1', 'B', '2026-02-01T00:06:00.000Z', 'user-1', 'failure'],
      ['test-0-2', 'B', '2026-02-01T00:06:20.000Z', 'user-2', 'success'],
      ['test-0-3', 'B', '2026-02-01T00:06:40.000Z', 'user-3', 'failure'],
      ['test-0-4', 'C', '2026-01-31T23:56:40.000Z', undefined, undefined],
      ['fixed-1', 'D', '2026-01-05T23:00:00.000Z', undefined, undefined],
      ['fixed-2', 'D', '2026-01-05T23:00:01.000Z', undefined, undefined],
      ['test-0-7', 'E', '2026-01-05T23:00:02.000Z', undefined, undefined],
    ]);
  });

  it('reads offsets and gaps in the one duration grammar: 90s, 1m30s and 1.5m alike', () => {
    const events = buildTestEvents(
      items(
        { activity: 'A' },
        { activity: 'B', at: '+90s' },
        { activity: 'C', at: '+1m30s' },
        { activity: 'D', at: '1.5m', repeat: 2, every: '0.5s' },
        { activity: 'E', at: '-1.5m' },
        { activity: 'F', at: '+0s' },
      ),
      { start: Date.parse('2026-02-01T00:00:00Z') },
    );
    expect(events.map((e) => e.time)).toEqual([
      '2026-02-01T00:00:00.000Z',
      '2026-02-01T00:01:30.000Z',
      '2026-02-01T00:03:00.000Z',
      '2026-02-01T00:04:30.000Z',
      '2026-02-01T00:04:30.500Z',
      '2026-02-01T00:03:00.500Z',
      '2026-02-01T00:03:00.500Z',
    ]);
  });

  it('normalizes a raw record, keeping its id and putting it on the timeline', () => {
    const [event, second] = buildTestEvents(
      items({
        raw: {
          id: 'B2C_raw',
          activityDateTime: '2019-09-14T18:13:17.0618117Z',
          activityDisplayName: 'Delete policy key',
          category: 'Key Management',
          initiatedBy: { user: { userPrincipalName: 'mallory@x.example', ipAddress: '203.0.113.7' } },
          targetResources: [{ id: 'B2C_1A_Key', modifiedProperties: [] }],
        },
        repeat: 2,
        vary: { 'initiatedBy.user.userPrincipalName': 'user{i}@x.example' },
      }),
    );
    expect(event).toMatchObject({
      id: 'B2C_raw-1',
      time: '2026-01-05T10:00:00.000Z',
      activity: 'Delete policy key',
      category: 'KeyManagement',
      actor: { type: 'user', upn: 'user1@x.example', name: 'user1@x.example' },
      target: { id: 'B2C_1A_Key' },
      ip: '203.0.113.7',
    });
    expect(second).toMatchObject({
      id: 'B2C_raw-2',
      time: '2026-01-05T10:00:01.000Z',
      actor: { upn: 'user2@x.example' },
    });
  });
});

describe('testEventSchema', () => {
  it('rejects mixed raw and facts, at with time, every without repeat and unknown vary facts', () => {
    const result = testEventSchema.safeParse({
      raw: { id: 'x' },
      activity: 'A',
      at: '+1s',
      time: '2026-01-05T10:00:00Z',
      every: '1m',
      vary: { 'actor.upm': 'x', 'bad path': 1 },
    });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^activity: 'activity' cannot be given with raw/),
      'time: give at (an offset) or time (an absolute time), not both',
      'every: every has no effect without repeat; add repeat: <n> or drop every',
      "vary.bad path: vary key 'bad path' is not a dotted path in the raw record, like initiatedBy.user.userPrincipalName",
    ]);
    const facts = testEventSchema.safeParse({ activity: 'A', vary: { 'actor.upm': 'x' } });
    expect(facts.error!.issues[0]!.message).toBe("vary cannot set 'actor.upm'; did you mean 'actor.upn'?");
  });
});

describe('parseTestEvent', () => {
  it('reads compact facts with positions and leaves Graph records to the export readers', () => {
    expect(parseTestEvent('{"activity": "Delete policy key", "actor": {"upn": "m@x"}}', 'e.json')?.event).toMatchObject(
      { activity: 'Delete policy key', actor: { name: 'm@x' } },
    );
    expect(
      parseTestEvent('{"id": "1", "activityDateTime": "2026-01-05T10:00:00Z", "activityDisplayName": "A"}', 'e.json'),
    ).toBeUndefined();
    expect(parseTestEvent('{"value": []}', 'e.json')).toBeUndefined();
    expect(parseTestEvent('not json', 'e.json')).toBeUndefined();
    const bad = parseTestEvent('activity: A\nactor:\n  upm: m@x\n', 'e.yaml');
    expect(bad?.event).toBeUndefined();
    expect(bad?.problems).toEqual([
      { file: 'e.yaml', line: 3, column: 3, message: "unknown field 'upm' in an actor; did you mean 'upn'?" },
    ]);
  });
});
