import { GraphEmulator, SlackEmulator, SmtpSink } from '@b2c-alerts/testkit';
import { describe, expect, it } from 'vitest';
import { parseWorkerConfig, type DeliverJobData, type WorkerApp } from '../../src/index.js';
import { jobNames, queueNames, type DeliveryChannel } from '../../src/queues/queues.js';
import { pollUntil } from '../helpers/poll-until.js';
import { emailChannel, sampleDelivery, slackChannel } from '../helpers/sample-delivery.js';
import { useWorkerApp } from '../helpers/use-worker-app.js';
import { workerEnv } from '../helpers/worker-env.js';

/** What a hostile or broken Slack endpoint answered: about 31 years. */
const hostileRetryAfterSeconds = 999_999_999;
/** The longest a Slack 429 may pause deliveries: the spec, kept here rather than read from the code under test. */
const maxSlackPauseMs = 15 * 60_000;
const delivery = (n: number, channel: DeliveryChannel): DeliverJobData =>
  sampleDelivery('al-hostile-retry', n, channel);

describe('a Slack endpoint that answers 429 with Retry-After: 999999999', () => {
  const { prefixes, defer, writeRules, createApp, openQueueEvents } = useWorkerApp();

  it('pauses Slack for at most the cap, in every replica, and email goes on meanwhile', async () => {
    const graph = await GraphEmulator.start();
    const slack = await SlackEmulator.start();
    const smtp = await SmtpSink.start();
    const rulesDir = await writeRules();
    defer(
      () => graph.close(),
      () => slack.close(),
      () => smtp.close(),
    );
    const config = parseWorkerConfig(
      workerEnv(graph, {
        ...prefixes,
        rulesDir,
        extra: {
          WORKER_QUEUES: 'deliver',
          SLACK_BOT_TOKEN: slack.token,
          SLACK_API_URL: slack.url,
          ALERT_SLACK_CHANNEL: '#security',
          SMTP_URL: smtp.url,
          ALERT_EMAIL_FROM: 'B2C alerts <alerts@contoso.test>',
        },
      }),
    );
    // When each delayed job becomes due again, as BullMQ announces it.
    const dueAt = new Map<string, number>();
    const events = await openQueueEvents(queueNames.deliver);
    events.on('delayed', ({ jobId, delay }) => dueAt.set(jobId, Number(delay)));
    const apps: WorkerApp[] = [createApp(config), createApp(config)];
    await Promise.all(apps.map((a) => a.start()));
    const queue = apps[0]!.queues.deliver;

    slack.injectFaults({ kind: 'rate_limited', retryAfterSeconds: hostileRetryAfterSeconds });
    await queue.add(jobNames.deliver, delivery(0, slackChannel), { jobId: 'dl-hostile-0' });
    await pollUntil(async () => slack.requests.some((r) => r.status === 429), { what: 'the 429' });

    // However the deliver stage holds Slack back (a queue-wide rate limit, or the job delayed), the
    // hold ends within the cap, not in 31 years.
    const hold = await pollUntil(
      async () => {
        const now = Date.now();
        const rateLimitMs = await queue.getRateLimitTtl(Number.MAX_SAFE_INTEGER);
        if (rateLimitMs > 0) return rateLimitMs;
        const due = dueAt.get('dl-hostile-0');
        return due === undefined ? undefined : due - now;
      },
      { what: 'Slack deliveries to be held back' },
    );
    expect(hold).toBeLessThanOrEqual(maxSlackPauseMs);
    expect(hold).toBeGreaterThan(maxSlackPauseMs - 60_000);

    // Slack is paused for everyone; email is not.
    await queue.add(jobNames.deliver, delivery(1, slackChannel), { jobId: 'dl-hostile-1' });
    await queue.add(jobNames.deliver, delivery(2, emailChannel), { jobId: 'dl-hostile-2' });
    const [mail] = await smtp.waitForMail(1, { timeoutMs: 20_000 });
    expect(mail!.envelope.rcptTo).toEqual(['soc@contoso.test']);
    const emailJob = await queue.getJob('dl-hostile-2');
    await pollUntil(async () => ((await emailJob?.getState()) === 'completed' ? true : undefined), {
      what: 'the email job to complete',
    });

    // The other Slack delivery waits out the pause too, in whichever replica took it, without posting
    // and without spending attempts; so does the one that met the 429.
    for (const id of ['dl-hostile-0', 'dl-hostile-1']) {
      const job = await pollUntil(
        async () => {
          const j = await queue.getJob(id);
          return (await j?.getState()) === 'delayed' ? j : undefined;
        },
        { what: `${id} to wait out the pause` },
      );
      expect(job.attemptsMade).toBe(0);
      expect(dueAt.get(id)! - Date.now()).toBeLessThanOrEqual(maxSlackPauseMs);
    }
    expect(slack.requests.map((r) => r.status)).toEqual([429]);
  });
});
