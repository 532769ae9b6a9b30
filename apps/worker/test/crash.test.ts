import { rm } from 'node:fs/promises';
import { GraphEmulator, PrivateRedisServer, SlackEmulator, SmtpSink } from '@b2c-alerts/testkit';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkerApp, parseWorkerConfig, type QueueKind, type WorkerApp } from '../src/index.js';
import {
  crashEnv,
  deliveredKey,
  mailAlertCounts,
  plantIncidents,
  plantedRuleIds,
  QueueWatch,
  slackAlertCounts,
  writeCrashRulesDir,
  type Delivered,
  type PlantedIncidents,
} from './helpers/crash-scenario.js';
import { pollUntil } from './helpers/poll-until.js';
import { adminRedis, deleteKeys, redisUrl, testPrefixes } from './helpers/redis-test.js';
import { useCleanup, type Defer } from './helpers/use-cleanup.js';
import { spawnWorker, type WorkerProcess } from './helpers/worker-process.js';

const processors: QueueKind[] = ['evaluate', 'alerts', 'deliver'];

/** Emulators, a rules dir and the traffic with the three planted incidents; torn down through `defer`. */
async function scenario(defer: Defer) {
  const graph = await GraphEmulator.start();
  const slack = await SlackEmulator.start();
  const smtp = await SmtpSink.start();
  const rulesDir = await writeCrashRulesDir();
  defer(
    () => graph.close(),
    () => slack.close(),
    () => smtp.close(),
    () => rm(rulesDir, { recursive: true, force: true }),
  );
  const planted = plantIncidents(graph, Date.now());
  return { graph, slack, smtp, rulesDir, planted };
}

/** Waits until nothing is left to do and both channels received at least the planted incidents. */
async function settled(watch: QueueWatch, slack: SlackEmulator, smtp: SmtpSink, timeoutMs = 40_000): Promise<void> {
  await pollUntil(
    async () =>
      slack.messages.length >= plantedRuleIds.length &&
      smtp.mails.length >= plantedRuleIds.length &&
      (await watch.idle()),
    {
      what: 'every queue drained and the planted incidents delivered',
      timeoutMs,
    },
  ).catch(async (error: Error) => {
    throw new Error(
      `${error.message}; Slack has ${slack.messages.length} messages, SMTP ${smtp.mails.length} mails, queues: ${JSON.stringify(await watch.describe())}`,
    );
  });
}

/**
 * Every planted incident reached Slack once and email once, under the same alert id, and nothing else
 * did: each alert covers events of its incident only, at least as many as its rule needs.
 */
async function expectExactlyOnce(
  watch: QueueWatch,
  slack: SlackEmulator,
  smtp: SmtpSink,
  planted: PlantedIncidents,
): Promise<Delivered[]> {
  const delivered = await watch.delivered();
  const slackCounts = slackAlertCounts(slack);
  const mailCounts = mailAlertCounts(smtp);
  expect([...slackCounts.values()]).toEqual([1, 1, 1]);
  expect([...mailCounts.values()]).toEqual([1, 1, 1]);
  expect([...slackCounts.keys()].sort()).toEqual([...mailCounts.keys()].sort());
  expect(
    delivered
      .filter((d) => d.channel === 'slack')
      .map((d) => d.ruleId)
      .sort(),
  ).toEqual(plantedRuleIds);
  expect(
    delivered
      .filter((d) => d.channel === 'email')
      .map((d) => d.ruleId)
      .sort(),
  ).toEqual(plantedRuleIds);
  expect(delivered.map((d) => d.alertId).sort()).toEqual([...slackCounts.keys(), ...mailCounts.keys()].sort());
  for (const d of delivered) {
    const incident = planted[d.ruleId]!;
    expect(d.eventIds.filter((id) => !incident.eventIds.has(id))).toEqual([]);
    expect(d.eventIds.length).toBeGreaterThanOrEqual(incident.threshold);
  }
  expect(await watch.count('deliver', 'failed')).toBe(0);
  expect(await watch.count('evaluate', 'failed')).toBe(0);
  expect(await watch.count('alerts', 'failed')).toBe(0);
  return delivered;
}

describe('crash safety: no alert lost, none repeated', { timeout: 90_000 }, () => {
  const admin = adminRedis();
  const usedPrefixes: string[] = [];
  const defer = useCleanup(() => deleteKeys(admin, ...usedPrefixes.splice(0)));

  afterAll(() => admin.quit());

  function prefixes() {
    const p = testPrefixes();
    usedPrefixes.push(p.keyPrefix, p.queuePrefix);
    return p;
  }

  function worker(env: Record<string, string>): WorkerProcess {
    const w = spawnWorker(env);
    defer(() => w.kill('SIGKILL'));
    return w;
  }

  /** The scenario on a private redis-server (to kill), with the workers' warnings kept and a factory of in-process workers. */
  async function onPrivateRedis() {
    // The AOF, fsynced on every write, keeps what the server acknowledged across a SIGKILL.
    const redis = await PrivateRedisServer.start({
      binary: process.env.REDIS_SERVER_BIN ?? 'redis-server',
      appendOnly: true,
      dirPrefix: 'worker-crash-redis-',
    });
    defer(() => redis.stop());
    const { graph, slack, smtp, rulesDir, planted } = await scenario(defer);
    const p = prefixes();
    const watch = new QueueWatch(redis.url, p.queuePrefix);
    defer(() => watch.close());
    const warnings: Array<{ msg: string; connection?: string; code?: string }> = [];
    const logger = pino(
      { level: 'warn' },
      { write: (line: string) => void warnings.push(JSON.parse(line) as (typeof warnings)[number]) },
    );
    const app = (queues: QueueKind[]): WorkerApp => {
      const a = createWorkerApp(
        parseWorkerConfig(crashEnv(graph, slack, smtp, { ...p, rulesDir, redisUrl: redis.url, queues })),
        { logger },
      );
      defer(() => a.close());
      return a;
    };
    return { redis, slack, smtp, planted, watch, warnings, app };
  }

  it('a worker SIGKILLed mid-batch: a fresh one finishes the work, each incident once per channel', async () => {
    const { graph, slack, smtp, rulesDir, planted } = await scenario(defer);
    const p = prefixes();
    const watch = new QueueWatch(redisUrl(), p.queuePrefix);
    defer(() => watch.close());
    const env = (queues: QueueKind[]) => crashEnv(graph, slack, smtp, { ...p, rulesDir, redisUrl: redisUrl(), queues });

    // A reader process fills the evaluate queue with the whole window before any evaluator runs.
    const reader = worker(env(['poll']));
    await pollUntil(async () => (await watch.count('poll', 'completed')) >= 1, { what: 'the first poll' });
    const batches = await watch.count('evaluate', 'waiting');
    expect(batches).toBeGreaterThanOrEqual(20);

    const doomed = worker(env(processors));
    await pollUntil(async () => (await watch.count('evaluate', 'completed')) >= Math.ceil(batches / 3), {
      what: 'a third of the batches evaluated',
      intervalMs: 5,
    });
    await doomed.kill('SIGKILL');

    // Frozen at the kill: batches locked by the dead process, others not started, incidents not yet delivered.
    const orphaned = (await watch.queues.evaluate.getJobs(['active'])).map((job) => job.id!);
    expect(orphaned.length).toBeGreaterThan(0);
    expect(await watch.count('evaluate', 'waiting')).toBeGreaterThan(0);
    expect(slack.messages.length).toBeLessThan(plantedRuleIds.length);

    const fresh = worker(env(processors));
    await settled(watch, slack, smtp);

    const delivered = await expectExactlyOnce(watch, slack, smtp, planted);
    expect(delivered).toHaveLength(6);
    // The batches the dead process held were taken back (stalled) and evaluated again.
    for (const id of orphaned) expect(await watch.queues.evaluate.getJobState(id)).toBe('completed');
    expect(fresh.lines.some((l) => l.msg === 'worker ready')).toBe(true);

    await Promise.all([reader.kill('SIGTERM'), fresh.kill('SIGTERM')]);
    expect([await reader.exit, await fresh.exit]).toEqual([0, 0]);
  });

  it('Redis SIGKILLed and restarted from its AOF mid-run: the workers reconnect, each incident once per channel', async () => {
    const { redis, slack, smtp, planted, watch, warnings, app } = await onPrivateRedis();

    const reader = app(['poll']);
    await reader.start();
    await pollUntil(async () => (await watch.count('poll', 'completed')) >= 1, { what: 'the first poll' });
    const batches = await watch.count('evaluate', 'waiting');
    expect(batches).toBeGreaterThanOrEqual(20);

    const evaluator = app(processors);
    await evaluator.start();
    await pollUntil(async () => (await watch.count('evaluate', 'completed')) >= Math.ceil(batches / 3), {
      what: 'a third of the batches evaluated',
      intervalMs: 5,
    });
    const waitingBeforeKill = await watch.count('evaluate', 'waiting');
    const messagesBeforeKill = slack.messages.length;
    await redis.kill();
    // Down until the worker has found it down (a reconnect refused), so the outage cuts batches short.
    await pollUntil(
      async () =>
        warnings.some(
          (w) => w.msg === 'redis connection error' && w.connection === 'producer' && w.code === 'ECONNREFUSED',
        ),
      {
        what: 'a refused reconnect',
        intervalMs: 5,
      },
    );
    await redis.restart();

    expect(waitingBeforeKill).toBeGreaterThan(0);
    expect(messagesBeforeKill).toBeLessThan(plantedRuleIds.length);
    await settled(watch, slack, smtp);
    const delivered = await expectExactlyOnce(watch, slack, smtp, planted);
    expect(delivered).toHaveLength(6);
    // Every batch came through: those done before, and those the AOF kept waiting (or cut short) across the restart.
    const evaluated = await watch.queues.evaluate.getJobs(['completed']);
    expect(evaluated.filter((job) => job.name === 'evaluate')).toHaveLength(batches);
    expect((await evaluator.ready()).ready).toBe(true);
  });

  it('Redis SIGKILLed the moment Slack accepts a message: the sent marker is still written, nothing is sent twice', async () => {
    const { redis, slack, smtp, planted, watch, app } = await onPrivateRedis();
    // The kill lands between the channel accepting the message and the worker recording that it did.
    let outage: Promise<void> | undefined;
    const off = slack.onMessage(() => {
      off();
      outage = redis.kill().then(() => redis.restart());
    });
    // The window is read first, so the outage hits deliveries, not the poll (a failed poll waits for the next one).
    await app(['poll']).start();
    await pollUntil(async () => (await watch.count('poll', 'completed')) >= 1, { what: 'the first poll' });
    await app(processors).start();

    await pollUntil(async () => outage !== undefined, { what: 'the first Slack message' });
    await outage;
    await settled(watch, slack, smtp);
    await expectExactlyOnce(watch, slack, smtp, planted);
  });

  it('one worker process and two on one Redis deliver the same alerts', async () => {
    const { graph, slack: slackOne, smtp: smtpOne, rulesDir, planted } = await scenario(defer);
    const [slackTwo, smtpTwo] = await Promise.all([SlackEmulator.start(), SmtpSink.start()]);
    defer(
      () => slackTwo.close(),
      () => smtpTwo.close(),
    );

    const run = async (processes: number, slack: SlackEmulator, smtp: SmtpSink) => {
      const p = prefixes();
      const watch = new QueueWatch(redisUrl(), p.queuePrefix);
      defer(() => watch.close());
      const workers = Array.from({ length: processes }, () =>
        worker(crashEnv(graph, slack, smtp, { ...p, rulesDir, redisUrl: redisUrl() })),
      );
      await settled(watch, slack, smtp);
      const delivered = await expectExactlyOnce(watch, slack, smtp, planted);
      await Promise.all(workers.map((w) => w.kill('SIGTERM')));
      return delivered.map(deliveredKey).sort();
    };

    // Compared by (channel, rule, group). Which events an aggregate alert lists (and so its first time
    // and id) depends on the order batches straddling the incident were evaluated in, which concurrency
    // varies even within one process (rule-engine: "order across batches may be anything"); that they
    // are the incident's own events is checked per run.
    const one = await run(1, slackOne, smtpOne);
    const two = await run(2, slackTwo, smtpTwo);
    expect(one).toHaveLength(6);
    expect(two).toEqual(one);
  });
});
