import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '@b2c-alerts/audit-client';
import { emulatorFixture, generateTraffic } from '@b2c-alerts/testkit';
import { beforeEach, describe, expect, it } from 'vitest';
import { AlertHistoryWriter, parseWorkerConfig, RedisKeys } from '../../src/index.js';
import { pollUntil } from '../helpers/poll-until.js';
import { keyDeletedRule } from '../helpers/rules-dir.js';
import { useWorkerApp } from '../helpers/use-worker-app.js';
import { workerEnv } from '../helpers/worker-env.js';

const minute = 60_000;

describe('the worker serves the console (CONSOLE_PORT)', () => {
  const { prefixes, admin, defer, writeRules, createApp } = useWorkerApp();
  const emulator = emulatorFixture();
  beforeEach(emulator.start);

  it('answers /api/events from its archive and /api/alerts from its history; close stops it', async () => {
    const rulesDir = await writeRules();
    const archiveDir = await mkdtemp(join(tmpdir(), 'wk-console-'));
    defer(() => rm(archiveDir, { recursive: true, force: true }));
    const now = Date.now();
    emulator.graph.addEvents(
      generateTraffic({ seed: 5, start: now - 40 * minute, end: now - 10 * minute, eventsPerHour: 600 }),
    );
    await new AlertHistoryWriter(admin, new RedisKeys(prefixes.keyPrefix), {
      clock: new VirtualClock(now - minute),
    }).recordAlert({
      id: 'alert-1',
      ruleId: 'b2c.auth.password-spray',
      title: 'Password spray',
      severity: 'high',
      tenant: 'contoso',
      group: 'ip=203.0.113.7',
      groupHash: '0123456789abcdef',
      count: 3,
      eventIds: ['ev-1'],
      eventCount: 1,
      firstEventAt: new Date(now - 20 * minute).toISOString(),
      lastEventAt: new Date(now - 19 * minute).toISOString(),
      ruleSetVersion: 'v1',
      state: 'routed',
      routes: ['security'],
      channels: ['slack:#sec'],
    });
    const app = createApp(
      parseWorkerConfig(
        workerEnv(emulator.graph, {
          ...prefixes,
          rulesDir,
          extra: {
            WORKER_QUEUES: 'poll',
            POLL_INTERVAL: '1h',
            LAG_ALERT_THRESHOLD: '2h',
            ARCHIVE_DIR: archiveDir,
            ARCHIVE_INDEX: 'off',
            CONSOLE_PORT: '0',
          },
        }),
      ),
    );
    await app.start();
    const url = app.consoleUrl!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

    const events = await pollUntil(
      async () => {
        const answer = (await (await fetch(new URL('/api/events?since=1d&limit=10', url))).json()) as {
          rows: unknown[];
        };
        return answer.rows.length > 0 ? answer.rows : undefined;
      },
      { what: 'the first poll’s events to be searchable' },
    );
    expect(events.length).toBe(10);

    const alerts = (await (await fetch(new URL('/api/alerts', url))).json()) as {
      available: boolean;
      alerts: Array<{ id: string }>;
    };
    expect(alerts).toMatchObject({ available: true, alerts: [{ id: 'alert-1' }] });
    const health = (await (await fetch(new URL('/api/health', url))).json()) as { available: boolean };
    expect(health.available).toBe(true);

    await app.close();
    await expect(fetch(new URL('/api/alerts', url))).rejects.toThrow();
  });
  it('shows the rules of the last hot reload on /api/rules', async () => {
    const rulesDir = await writeRules();
    const archiveDir = await mkdtemp(join(tmpdir(), 'wk-console-'));
    defer(() => rm(archiveDir, { recursive: true, force: true }));
    const app = createApp(
      parseWorkerConfig(
        workerEnv(emulator.graph, {
          ...prefixes,
          rulesDir,
          extra: {
            WORKER_QUEUES: 'poll',
            POLL_INTERVAL: '1h',
            LAG_ALERT_THRESHOLD: '2h',
            ARCHIVE_DIR: archiveDir,
            ARCHIVE_INDEX: 'off',
            CONSOLE_PORT: '0',
          },
        }),
      ),
    );
    await app.start();
    const url = app.consoleUrl!;
    const ruleIds = async () => {
      const answer = (await (await fetch(new URL('/api/rules', url))).json()) as {
        version: string | null;
        rules: Array<{ id: string }>;
      };
      return { version: answer.version, ids: answer.rules.map((r) => r.id).sort() };
    };
    const before = await ruleIds();
    expect(before.ids).toEqual(['test.keys.policy-key-deleted', 'test.policies.custom-policy-burst']);

    await writeFile(
      join(rulesDir, 'keys/policy-key-deleted-again.rule.yaml'),
      keyDeletedRule.replace('id: test.keys.policy-key-deleted', 'id: test.keys.policy-key-deleted-again'),
    );
    const outcome = await app.reloadRules();
    expect(outcome).toMatchObject({ outcome: 'loaded' });
    const after = await ruleIds();
    expect(after.ids).toContain('test.keys.policy-key-deleted-again');
    expect(after.version).toBe(app.rules.current?.ruleSet.version);
    expect(after.version).not.toBe(before.version);
  });
});
