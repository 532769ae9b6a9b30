import { randomUUID } from 'node:crypto';
import { VirtualClock } from '@b2c-alerts/audit-client';
import { AlertHistoryWriter, RedisKeys } from '@b2c-alerts/worker';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runAt } from '../helpers/run-cli-at.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = new Redis(redisUrl);
const prefixes: string[] = [];
afterEach(async () => {
  for (const prefix of prefixes.splice(0)) {
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 1000 }))
      if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
  }
});
afterAll(async () => {
  await redis.quit();
});

const hour = 3_600_000;
const start = Date.parse('2026-06-01T00:00:00Z');
const now = start + 48 * hour;
/** Raw bidi override and escape characters must never reach the terminal. */
const raw = (text: string) => text.includes('\u202E') || text.includes('\u001b');
const hostile = 'Spray from \u202Eevil\u202C \u001b[31mred <script>';

type Record = Parameters<AlertHistoryWriter['recordAlert']>[0];

function alert(id: string, ruleId: string, over: Partial<Record> = {}): Record {
  return {
    id,
    ruleId,
    title: `Title ${ruleId}`,
    severity: 'high',
    tenant: 'contoso',
    group: `${ruleId}|actor.upn=mallory@contoso.test`,
    groupHash: '0123456789abcdef',
    count: 3,
    eventIds: ['ev-1', 'ev-2', 'ev-3'],
    eventCount: 3,
    firstEventAt: '2026-06-01T00:00:00.000Z',
    lastEventAt: '2026-06-01T00:01:00.000Z',
    ruleSetVersion: 'v1',
    state: 'routed',
    routes: ['security'],
    channels: ['slack:#sec', 'email:soc@contoso.test'],
    ...over,
  };
}

/** Seeds a history: 12 alerts an hour apart from `start`, every third of rule b, the last with hostile text. */
async function seed() {
  const keyPrefix = `test-cli-${randomUUID().slice(0, 8)}`;
  prefixes.push(keyPrefix);
  const clock = new VirtualClock(start);
  const writer = new AlertHistoryWriter(redis, new RedisKeys(keyPrefix), { clock });
  for (let i = 0; i < 12; i++) {
    const rule = i % 3 === 0 ? 'b2c.rule.b' : 'b2c.rule.a';
    await writer.recordAlert(alert(`a${i}`, rule, i === 11 ? { title: hostile, group: `=cmd|${hostile}` } : {}));
    clock.advance(1000);
    await writer.recordDelivery({
      route: 'security',
      channel: 'slack:#sec',
      notificationId: `a${i}`,
      alertIds: [`a${i}`],
      state: i === 4 ? 'dead' : 'sent',
      attempts: 1,
    });
    clock.advance(hour - 1000);
  }
  await writer.recordAlert(
    alert('s1', 'b2c.rule.a', { state: 'silenced', silenceId: 'chg-1', routes: [], channels: [] }),
  );
  return { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: keyPrefix };
}

describe('b2c-alerts alerts list', () => {
  it('prints a table that fits the terminal, newest first, with event text escaped', async () => {
    const env = await seed();
    const out = await runAt(now, ['alerts', 'list'], { env, columns: 120 });
    expect(out).toMatchObject({ code: 0, stderr: '' });
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RAISED \(UTC\) +SEVERITY +RULE +TITLE +GROUP +COUNT +DELIVERY +ID$/);
    expect(lines).toHaveLength(14);
    expect(lines.every((l) => l.length <= 120)).toBe(true);
    expect(lines[1]).toMatch(/^2026-06-01T12:00:00\.000Z .* silenced +s1$/);
    expect(lines[2]).toContain('\\u202E');
    expect(lines[2]).toMatch(/ a11$/);
    expect(out.stdout).not.toSatisfy(raw);
    expect(lines.find((l) => l.endsWith(' a4'))).toContain('1 dead');
    expect(lines.find((l) => l.endsWith(' a3'))).toContain('1 sent');
  });

  it('filters by rule and time, and pages with --limit and --before', async () => {
    const env = await seed();
    const ids = (stdout: string) =>
      stdout
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => l.split(/ +/).at(-1));
    const byRule = await runAt(now, ['alerts', 'list', '--rule', 'b2c.rule.b'], { env });
    expect(ids(byRule.stdout)).toEqual(['a9', 'a6', 'a3', 'a0']);

    const range = await runAt(
      now,
      ['alerts', 'list', '--since', '2026-06-01T02:00:00Z', '--until', '2026-06-01T04:00:00Z'],
      { env },
    );
    expect(ids(range.stdout)).toEqual(['a4', 'a3', 'a2']);
    // --since is relative to now: 48 h after the first alert, 40 h back starts at 08:00.
    expect(ids((await runAt(now, ['alerts', 'list', '--since', '40h'], { env })).stdout)).toEqual([
      's1',
      'a11',
      'a10',
      'a9',
      'a8',
    ]);
    expect((await runAt(now + 30 * 24 * hour, ['alerts', 'list'], { env })).stderr).toBe('No alerts in this range.\n');

    const first = await runAt(now, ['alerts', 'list', '--since', '3d', '--limit', '5'], { env });
    expect(ids(first.stdout)).toEqual(['s1', 'a11', 'a10', 'a9', 'a8']);
    const cursor = /--before (\S+)/.exec(first.stderr)?.[1];
    expect(cursor).toMatch(/^\d+-\d+$/);
    const second = await runAt(now, ['alerts', 'list', '--since', '3d', '--limit', '5', '--before', cursor!], { env });
    expect(ids(second.stdout)).toEqual(['a7', 'a6', 'a5', 'a4', 'a3']);
  });

  it('prints JSON, JSONL and CSV with the record shape, escaped', async () => {
    const env = await seed();
    const json = await runAt(now, ['alerts', 'list', '--format', 'json', '--limit', '2'], { env });
    expect(json.code).toBe(0);
    expect(json.stdout).not.toSatisfy(raw);
    const page = JSON.parse(json.stdout) as { alerts: Array<{ [k: string]: unknown }>; next?: string };
    expect(page.next).toMatch(/^\d+-\d+$/);
    expect(page.alerts.map((a) => a.id)).toEqual(['s1', 'a11']);
    expect(page.alerts[1]).toMatchObject({
      title: hostile,
      ruleId: 'b2c.rule.a',
      eventIds: ['ev-1', 'ev-2', 'ev-3'],
      channels: ['slack:#sec', 'email:soc@contoso.test'],
      deliveries: [
        {
          route: 'security',
          channel: 'slack:#sec',
          state: 'sent',
          attempts: 1,
          at: '2026-06-01T11:00:01.000Z',
          notificationId: 'a11',
        },
      ],
    });
    expect(page.alerts[0]).toMatchObject({ state: 'silenced', silenceId: 'chg-1', deliveries: [] });

    const jsonl = await runAt(now, ['alerts', 'list', '--format', 'jsonl', '--rule', 'b2c.rule.b'], { env });
    const lines = jsonl.stdout.trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['a9', 'a6', 'a3', 'a0']);

    const csv = await runAt(now, ['alerts', 'list', '--format', 'csv', '--limit', '2'], { env });
    const records = csv.stdout.split('\r\n');
    expect(records[0]).toMatch(/^raisedAt,id,ruleId,severity,title,tenant,group,count,/);
    expect(records[2]).toContain(",'=cmd|Spray from \\u202Eevil");
    expect(csv.stdout).not.toSatisfy(raw);
  });

  it('refuses bad flags and a bad cursor with a usage error, and names REDIS_KEY_PREFIX when it is bad', async () => {
    const env = await seed();
    const limit = await runAt(now, ['alerts', 'list', '--limit', '0'], { env });
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain('--limit');
    const since = await runAt(now, ['alerts', 'list', '--since', 'yesterday'], { env });
    expect([since.code, since.stderr.includes('--since')]).toEqual([2, true]);
    const backwards = await runAt(now, ['alerts', 'list', '--since', '1h', '--until', '2d'], { env });
    expect(backwards.code).toBe(2);
    const cursor = await runAt(now, ['alerts', 'list', '--before', 'nope'], { env });
    expect([cursor.code, cursor.stderr.includes('before')]).toEqual([2, true]);
    const prefix = await runAt(now, ['alerts', 'list'], { env: { ...env, REDIS_KEY_PREFIX: 'bad prefix!' } });
    expect(prefix.code).toBe(2);
    expect(prefix.stderr).toContain('REDIS_KEY_PREFIX');
    expect(prefix.stderr).not.toContain('bad prefix!');
  });

  it('says Redis cannot be read without printing the URL', async () => {
    const out = await runAt(now, ['alerts', 'list'], {
      env: { REDIS_URL: 'redis://:hunter2-secret@127.0.0.1:1', REDIS_KEY_PREFIX: 'x' },
    });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('Cannot read the alert history');
    expect(out.stderr).not.toContain('hunter2');
  });
});
