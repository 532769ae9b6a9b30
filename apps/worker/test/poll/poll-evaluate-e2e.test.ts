import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock, listArchiveParts, readArchivePart } from '@b2c-alerts/audit-client';
import { emulatorFixture, generateTraffic, incidents } from '@b2c-alerts/testkit';
import { QueueEvents, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseWorkerConfig, type AlertJobData, type WorkerApp } from '../../src/index.js';
import type { PollJobResult } from '../../src/poll/poll-processor.js';
import { queueNames } from '../../src/queues/queues.js';
import { RedisKeys } from '../../src/redis/redis-keys.js';
import { redisUrl } from '../helpers/redis-test.js';
import { useWorkerApp } from '../helpers/use-worker-app.js';
import { waitUntil } from '../helpers/wait-until.js';
import { workerEnv } from '../helpers/worker-env.js';

const T0 = Date.parse('2026-01-05T12:00:00Z');
const minute = 60_000;
const allStates = ['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized'] as const;

describe('poll → evaluate → alerts queue, against the Graph emulator with faults on', () => {
  const emulator = emulatorFixture();
  afterEach(emulator.close);
  const { prefixes, admin, defer, writeRules, createApp } = useWorkerApp();
  let app: WorkerApp;
  let rulesDir: string;
  let archiveDir: string;
  const events: QueueEvents[] = [];

  beforeEach(async () => {
    rulesDir = await writeRules();
    archiveDir = await mkdtemp(join(tmpdir(), 'worker-archive-'));
    defer(() => rm(archiveDir, { recursive: true, force: true }));
  });

  function queueEvents(name: string): QueueEvents {
    const qe = new QueueEvents(name, {
      connection: new Redis(redisUrl(), { maxRetriesPerRequest: null }),
      prefix: prefixes.queuePrefix,
    });
    events.push(qe);
    defer(() => qe.close());
    return qe;
  }

  it('enqueues each planted incident exactly once; the overlap and retries never re-alert', async () => {
    const clock = new VirtualClock(T0);
    const graph = await emulator.startWith({
      now: () => clock.now(),
      maxPageSize: 200,
      randomFaults: {
        probability: 0.2,
        seed: 11,
        kinds: ['500', '503', '429', 'html', 'truncated-json', 'duplicate-across-boundary', 'network-reset'],
      },
    });
    graph.addEvents(generateTraffic({ seed: 3, start: T0 - 80 * minute, end: T0 - 10 * minute, eventsPerHour: 1500 }));
    graph.addEvents(incidents.policyKeyDeleted(T0 - 60 * minute));
    graph.addEvents(incidents.customPolicyBurst(T0 - 40 * minute, { count: 8 }));

    const config = parseWorkerConfig(
      workerEnv(graph, {
        ...prefixes,
        rulesDir,
        extra: {
          POLL_INTERVAL: '1h',
          LAG_ALERT_THRESHOLD: '2h',
          POLL_INITIAL_LOOKBACK: '2h',
          WORKER_QUEUES: 'poll,evaluate',
          ARCHIVE_DIR: archiveDir,
        },
      }),
    );
    const pollEvents = queueEvents(queueNames.poll);
    const evaluateEvents = queueEvents(queueNames.evaluate);
    await Promise.all([pollEvents.waitUntilReady(), evaluateEvents.waitUntilReady()]);
    app = createApp(config, { clock });

    const pollResults: PollJobResult[] = [];
    pollEvents.on('completed', ({ returnvalue }) => pollResults.push(returnvalue as unknown as PollJobResult));
    await app.start();

    // The scheduler's first poll runs at once.
    const first = await waitUntil(
      async () => pollResults.find((r) => r.status === 'polled'),
      [{ emitter: pollEvents, events: ['completed'] }],
    );
    await drained();
    expect(first.windows[0]).toMatchObject({ from: T0 - 150 * minute, to: T0 - 7 * minute });
    expect(graph.stats.faultsServed).toBeGreaterThan(0);
    expect(await alertRules()).toEqual(['test.keys.policy-key-deleted', 'test.policies.custom-policy-burst']);

    // Fifteen minutes later: more traffic, and an incident published late, inside the overlap.
    clock.advance(15 * minute);
    graph.addEvents(
      generateTraffic({ seed: 4, idPrefix: 'b', start: T0 - 10 * minute, end: T0 + 5 * minute, eventsPerHour: 1500 }),
    );
    graph.addEvents(incidents.policyKeyDeleted(T0 - 20 * minute, { keyset: 'B2C_1A_FacebookSecret' }), {
      visibleAt: T0 + 10 * minute,
    });
    const second = await poll('second');
    await drained();
    expect(second.status).toBe('polled');
    expect(second.windows[0]!.from).toBe(T0 - 37 * minute);
    expect(second.duplicates).toBeGreaterThan(0);

    // A third poll right away re-reads the overlap (the virtual clock moved by the 429 waits) and finds nothing new.
    const third = await poll('third');
    expect(third.delivered).toBe(0);
    await drained();

    // Even when every event is delivered again (seen ids lost), the replayed candidates add no alert job.
    const keys = new RedisKeys(prefixes.keyPrefix);
    const seenBefore = await admin.zcard(keys.seen('contoso'));
    await admin.del(keys.seen('contoso'));
    await admin.set(keys.watermark('contoso'), String(T0 - 120 * minute));
    const replay = await poll('replay');
    await drained();
    expect(replay.delivered).toBe(seenBefore);

    const alerts = await alertJobs();
    expect(alerts.map((j) => j.data.candidate.ruleId).sort()).toEqual([
      'test.keys.policy-key-deleted',
      'test.keys.policy-key-deleted',
      'test.policies.custom-policy-burst',
    ]);
    expect(new Set(alerts.map((j) => j.data.candidate.groupKey)).size).toBe(3);
    expect(
      alerts.map((j) => j.data.candidate.groupValues['target.id'] ?? j.data.candidate.groupValues['actor.name']),
    ).toEqual(expect.arrayContaining(['B2C_1A_TokenSigningKeyContainer', 'B2C_1A_FacebookSecret']));
    for (const job of alerts) {
      expect(job.id).toMatch(/^al:contoso:[0-9a-f]{16}$/);
      expect(job.data.tenant).toBe('contoso');
      expect(job.data.ruleSetVersion).toBe(app.rules.current!.version);
    }
    // Every event stored in the emulator (and visible) was delivered once: the seen set holds each id once.
    const delivered = first.delivered + second.delivered;
    expect(seenBefore).toBe(delivered);
    expect(delivered).toBe(graph.eventCount());

    // The archive (ARCHIVE_DIR/<tenant>) holds every delivered event; the forced replay wrote them again.
    const archived: string[] = [];
    for (const part of await listArchiveParts(join(archiveDir, 'contoso')))
      for await (const event of readArchivePart(part)) archived.push(event.id);
    expect(archived.length).toBe(delivered + replay.delivered);
    expect(new Set(archived).size).toBe(delivered);

    async function poll(id: string): Promise<PollJobResult> {
      const job = await app.queues.poll.add('poll', { tenant: 'contoso' }, { jobId: `manual-${id}` });
      return (await job.waitUntilFinished(pollEvents, 30_000)) as PollJobResult;
    }
  });

  async function drained(): Promise<void> {
    const evaluateEvents = events[1]!;
    await waitUntil(async () => {
      // Scheduled ticks wait (delayed) on the same queue; only batches count.
      const pending = await app.queues.evaluate.getJobs(['waiting', 'active', 'delayed', 'prioritized']);
      return pending.every((job) => job.name !== 'evaluate');
    }, [{ emitter: evaluateEvents, events: ['completed', 'failed'] }]);
  }

  async function alertJobs(): Promise<Array<Job<AlertJobData>>> {
    return app.queues.alerts.getJobs([...allStates]);
  }

  async function alertRules(): Promise<string[]> {
    return (await alertJobs()).map((j) => j.data.candidate.ruleId).sort();
  }
});
