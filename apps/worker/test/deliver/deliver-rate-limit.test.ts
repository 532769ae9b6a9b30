import { GraphEmulator, SlackEmulator } from '@b2c-alerts/testkit';
import { describe, expect, it } from 'vitest';
import { parseWorkerConfig, RedisKeys, type DeliverJobData, type WorkerApp } from '../../src/index.js';
import { jobNames } from '../../src/queues/queues.js';
import { pollUntil } from '../helpers/poll-until.js';
import { sampleDelivery } from '../helpers/sample-delivery.js';
import { useWorkerApp } from '../helpers/use-worker-app.js';
import { workerEnv } from '../helpers/worker-env.js';

const retryAfterSeconds = 2;

const delivery = (n: number): DeliverJobData => sampleDelivery('al-rate', n);

describe('a Slack 429 holds every deliver worker on the Redis', () => {
  const { prefixes, admin, defer, writeRules, createApp } = useWorkerApp();

  it('sends nothing from either worker until Retry-After has passed', async () => {
    const graph = await GraphEmulator.start();
    const slack = await SlackEmulator.start();
    const rulesDir = await writeRules();
    defer(
      () => graph.close(),
      () => slack.close(),
    );
    // When each message reached the emulator (its request log has no times of its own).
    const postedAt: number[] = [];
    const off = slack.onMessage(() => postedAt.push(Date.now()));
    defer(async () => off());

    const config = parseWorkerConfig(
      workerEnv(graph, {
        ...prefixes,
        rulesDir,
        extra: {
          WORKER_QUEUES: 'deliver',
          SLACK_BOT_TOKEN: slack.token,
          SLACK_API_URL: slack.url,
          ALERT_SLACK_CHANNEL: '#security',
        },
      }),
    );
    const apps: WorkerApp[] = [createApp(config), createApp(config)];
    await Promise.all(apps.map((a) => a.start()));
    const queue = apps[0]!.queues.deliver;

    // One delivery meets the 429; whichever worker took it pauses Slack for every replica.
    slack.injectFaults({ kind: 'rate_limited', retryAfterSeconds });
    await queue.add(jobNames.deliver, delivery(0), { jobId: 'dl-rate-0' });
    await pollUntil(async () => slack.requests.some((r) => r.status === 429), { what: 'the 429' });
    // The limit ends `pttl` after Redis answered, so no earlier than before + pttl: a lower bound on
    // when either worker may post again (it starts when the deliver stage reacts to the 429).
    const limit = await pollUntil(
      async () => {
        const before = Date.now();
        const pttl = await admin.pttl(new RedisKeys(prefixes.keyPrefix).slackPause());
        return pttl > 0 ? { endsNoEarlierThan: before + pttl, pttl } : undefined;
      },
      { what: 'Slack to be paused' },
    );
    expect(limit.pttl).toBeGreaterThan(retryAfterSeconds * 1000 - 1000);

    // Both workers are idle now; without the limit the other one would post these at once.
    await queue.addBulk(
      [1, 2, 3, 4].map((n) => ({ name: jobNames.deliver, data: delivery(n), opts: { jobId: `dl-rate-${n}` } })),
    );
    await slack.waitForMessages(5, { timeoutMs: 20_000 });

    expect(slack.requests.map((r) => r.status)).toEqual([429, 200, 200, 200, 200, 200]);
    expect(postedAt).toHaveLength(5);
    for (const time of postedAt) expect(time).toBeGreaterThanOrEqual(limit.endsNoEarlierThan);
    // The rate-limited job waited without spending an attempt and was delivered once.
    // Slack has the message before the job records its send and completes: wait for that, not race it.
    const first = await queue.getJob('dl-rate-0');
    await pollUntil(async () => ((await first?.getState()) === 'completed' ? true : undefined), {
      what: 'the rate-limited job to complete',
    });
    expect(await first?.getState()).toBe('completed');
    expect(first?.attemptsMade).toBeLessThanOrEqual(1);
  });
});
