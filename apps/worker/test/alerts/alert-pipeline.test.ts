import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { listDeadLetters } from '../../src/dead-letters/list-dead-letters.js';
import { retryFailedJobs } from '../../src/dead-letters/retry-failed-jobs.js';
import { candidate, route, rule } from '../helpers/alert-pipeline-harness.js';
import { usePipelines } from '../helpers/use-pipelines.js';

const start = usePipelines();

const minute = 60_000;
const keyDeleted = rule('b2c.keys.policy-key-deleted', 'critical');
const spray = rule('b2c.signin.password-spray', 'high');
const appCreated = rule('b2c.apps.app-created', 'low', ['security', 'pager']);
const security = route('security', { slack: { channel: '#sec' }, email: { to: ['soc@contoso.test'] } });

function blocksText(message: { blocks: unknown[] | undefined }): string {
  return JSON.stringify(message.blocks ?? []);
}

describe('alerts → deliver', () => {
  it('sends exactly one Slack message and one email per alert and channel', async () => {
    const p = await start({ rules: [keyDeleted, spray], routes: [security] });
    await p.addAlert(candidate(keyDeleted, 1));
    await p.addAlert(candidate(spray, 2, { group: '203.0.113.7' }));
    const messages = await p.slack.waitForMessages(2);
    const mails = await p.smtp.waitForMail(2);
    await p.settle();
    expect(p.slack.messages).toHaveLength(2);
    expect(p.smtp.mails).toHaveLength(2);
    expect(messages.map((m) => m.channel)).toEqual(['#sec', '#sec']);
    expect(messages.every((m) => m.thread_ts === undefined)).toBe(true);
    expect(mails.map((m) => m.to)).toEqual([['soc@contoso.test'], ['soc@contoso.test']]);
    expect(mails.map((m) => m.subject).sort()).toEqual([
      '[CRITICAL] Rule b2c.keys.policy-key-deleted',
      '[HIGH] Rule b2c.signin.password-spray',
    ]);
    expect(await p.counter(p.metrics.deliveries, { channel: 'slack', outcome: 'sent' })).toBe(2);
    expect(await p.counter(p.metrics.deliveries, { channel: 'email', outcome: 'sent' })).toBe(2);
    expect(await p.counter(p.metrics.alerts, { rule: keyDeleted.id })).toBe(1);
  });

  it('routes by the rule’s notify and each route’s severities', async () => {
    const critical = rule('b2c.keys.policy-key-deleted', 'critical', ['security', 'pager']);
    const pager = route('pager', { slack: { channel: '#pager' }, severities: ['critical'] });
    const p = await start({ rules: [critical, appCreated], routes: [security, pager] });
    await p.addAlert(candidate(critical, 1));
    await p.addAlert(candidate(appCreated, 2));
    await p.slack.waitForMessages(3);
    await p.settle();
    const byChannel = (channel: string) => p.slack.messages.filter((m) => m.channel === channel).map((m) => m.text);
    expect(byChannel('#pager')).toEqual([expect.stringContaining('Rule b2c.keys.policy-key-deleted')]);
    expect(byChannel('#sec')).toHaveLength(2);
    expect(p.smtp.mails).toHaveLength(2);
  });

  it('drops alerts an active silence matches, and counts them', async () => {
    const silences = [
      {
        id: 'chg-1',
        matchers: [
          { name: 'ruleId', value: spray.id },
          { name: 'actor.upn', value: '^203\\.0\\.113\\.\\d+$', isRegex: true },
        ],
        startsAt: new Date(Date.now() - minute).toISOString(),
        endsAt: new Date(Date.now() + 60 * minute).toISOString(),
        reason: 'pen test',
        author: 'bob',
      },
    ];
    const p = await start({ rules: [keyDeleted, spray], routes: [security], silences });
    await p.addAlert(candidate(spray, 1, { group: '203.0.113.7' }));
    await p.addAlert(candidate(spray, 2, { group: '198.51.100.1' }));
    await p.addAlert(candidate(keyDeleted, 3));
    await p.slack.waitForMessages(2);
    await p.settle();
    expect(p.slack.messages.map((m) => m.text)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Rule b2c.keys.policy-key-deleted'),
        expect.stringContaining('Rule b2c.signin.password-spray'),
      ]),
    );
    expect(p.slack.messages).toHaveLength(2);
    expect(p.smtp.mails).toHaveLength(2);
    expect(await p.counter(p.metrics.alertsSilenced, { rule: spray.id })).toBe(1);
  });
});

describe('grouping', () => {
  const grouped = route('security', {
    slack: { channel: '#sec' },
    email: { to: ['soc@contoso.test'] },
    groupWaitMs: 10 * minute,
    groupIntervalMs: 5 * minute,
    repeatIntervalMs: 60 * minute,
  });

  it('collects a group during group_wait, batches later alerts into its thread, and starts over after repeat_interval', async () => {
    const p = await start({ rules: [spray], routes: [grouped] });
    // group_wait: three alerts of one group and one of another, before any notification.
    await p.addAlert(candidate(spray, 1, { group: 'mallory' }));
    await p.addAlert(candidate(spray, 2, { group: 'mallory' }));
    await p.addAlert(candidate(spray, 3, { group: 'mallory' }));
    await p.addAlert(candidate(spray, 4, { group: 'trent' }));
    await p.settle(['waiting', 'active']);
    expect(p.slack.messages).toHaveLength(0);
    expect(await p.alertsQueue.getDelayedCount()).toBe(2);
    await p.flush();
    expect(p.slack.messages).toHaveLength(2);
    const mallory = p.slack.messages.find((m) => blocksText(m).includes('*Count*\\n3'));
    expect(mallory).toBeDefined();
    expect(p.slack.messages.every((m) => m.thread_ts === undefined)).toBe(true);
    expect(p.smtp.mails.map((m) => /Count: 3/.test(m.text)).sort()).toEqual([false, true]);

    // group_interval: a later alert waits for the interval, then goes into the first message's thread.
    p.clock.advance(minute);
    await p.addAlert(candidate(spray, 5, { group: 'mallory' }));
    await p.settle(['waiting', 'active']);
    expect(p.slack.messages).toHaveLength(2);
    await p.flush();
    expect(p.slack.messages).toHaveLength(3);
    expect(p.slack.messages[2]!.thread_ts).toBe(mallory!.ts);

    // Two more within the next interval: one notification (batched), still in the thread.
    p.clock.advance(minute);
    await p.addAlert(candidate(spray, 6, { group: 'mallory' }));
    await p.addAlert(candidate(spray, 7, { group: 'mallory' }));
    await p.flush();
    expect(p.slack.messages).toHaveLength(4);
    expect(p.slack.messages[3]!.thread_ts).toBe(mallory!.ts);
    expect(blocksText(p.slack.messages[3]!)).toContain('*Count*\\n2');

    // repeat_interval: a group quiet that long starts over with a new top-level message.
    p.clock.advance(61 * minute);
    await p.addAlert(candidate(spray, 8, { group: 'mallory' }));
    await p.flush();
    expect(p.slack.messages).toHaveLength(5);
    expect(p.slack.messages[4]!.thread_ts).toBeUndefined();
    p.clock.advance(minute);
    await p.addAlert(candidate(spray, 9, { group: 'mallory' }));
    await p.flush();
    expect(p.slack.messages[5]!.thread_ts).toBe(p.slack.messages[4]!.ts);

    expect(p.smtp.mails).toHaveLength(6);
    await p.settle();
    expect(p.slack.messages).toHaveLength(6);
  });

  it('holds a later notification until the group’s first message is posted, then threads it', async () => {
    const slackOnly = { ...grouped, email: undefined };
    const p = await start({ rules: [spray], routes: [slackOnly] });
    const [{ deliver }] = p.workers as [(typeof p.workers)[number]];
    p.slack.injectFaults('server_error');
    await p.addAlert(candidate(spray, 1, { group: 'mallory' }));
    await p.settle(['waiting', 'active']);
    const rootFailed = once(deliver, 'failed');
    await p.alertsQueue.promoteJobs();
    await rootFailed; // the first message now waits for its backoff (5 s)

    p.clock.advance(minute);
    await p.addAlert(candidate(spray, 2, { group: 'mallory' }));
    await p.flush();
    expect(p.slack.messages).toHaveLength(2);
    expect(p.slack.messages[0]!.thread_ts).toBeUndefined();
    expect(p.slack.messages[1]!.thread_ts).toBe(p.slack.messages[0]!.ts);
    expect(await p.counter(p.metrics.deliveries, { channel: 'slack', outcome: 'waiting' })).toBeGreaterThanOrEqual(1);
    // Waiting for the thread spends no attempt: the first message failed once, the second never.
    const completed = await p.deliverQueue.getCompleted();
    expect(completed.map((j) => j.attemptsMade).sort()).toEqual([1, 2]);
  });

  it('two workers given every alert twice send each notification once', async () => {
    const p = await start({ rules: [spray, keyDeleted], routes: [grouped], concurrency: 8 }, 2);
    const groups = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const adds: Array<Promise<unknown>> = [];
    for (const [i, group] of groups.entries()) {
      for (let n = 0; n < 3; n++) {
        const c = candidate(spray, i * 10 + n, { group });
        // The evaluator may hand on the same candidate twice (a retried batch, overlapping workers).
        adds.push(p.addAlert(c), p.addAlert(c, { jobId: `al:replay:${i}-${n}` }));
      }
    }
    adds.push(p.addAlert(candidate(keyDeleted, 100)));
    await Promise.all(adds);
    await p.flush();
    expect(p.slack.messages).toHaveLength(groups.length + 1);
    expect(p.smtp.mails).toHaveLength(groups.length + 1);
    expect(p.slack.messages.filter((m) => blocksText(m).includes('*Count*\\n3'))).toHaveLength(groups.length);
    const alertIds = p.smtp.mails.map((m) => m.headers.get('x-b2c-alert-id'));
    expect(new Set(alertIds).size).toBe(groups.length + 1);
    expect(await p.counter(p.metrics.alerts, { rule: spray.id })).toBe(groups.length * 3);
  });
});

describe('delivery failures', () => {
  it('waits out a Slack 429 (Retry-After) without spending an attempt, then delivers once', async () => {
    const p = await start({ rules: [keyDeleted], routes: [route('security', { slack: { channel: '#sec' } })] });
    p.slack.injectFaults({ kind: 'rate_limited', retryAfterSeconds: 1 });
    await p.addAlert(candidate(keyDeleted, 1));
    await p.slack.waitForMessages(1);
    await p.settle();
    expect(p.slack.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(p.slack.messages).toHaveLength(1);
    expect(await p.counter(p.metrics.deliveries, { channel: 'slack', outcome: 'rate_limited' })).toBe(1);
    expect(await p.counter(p.metrics.deliveries, { channel: 'slack', outcome: 'sent' })).toBe(1);
    // Started twice, but the rate-limited start is not an attempt: it completed on its first.
    const [slackJob] = await p.deliverQueue.getCompleted();
    expect([slackJob?.attemptsStarted, slackJob?.attemptsMade]).toEqual([2, 1]);
    expect(p.failures).toEqual([]);
  });

  it('makes channel_not_found a dead letter at once, lists it, and re-drives it to one delivery', async () => {
    const p = await start({ rules: [keyDeleted], routes: [security] });
    p.slack.injectFaults('channel_not_found');
    await p.addAlert(candidate(keyDeleted, 1));
    await p.smtp.waitForMail(1);
    await p.settle();
    expect(p.slack.messages).toHaveLength(0);
    expect(p.failures).toHaveLength(1);
    expect(p.failures[0]!.error.name).toBe('UnrecoverableError');
    expect(p.failures[0]!.job.attemptsMade).toBe(1);
    expect(await p.counter(p.metrics.deadLetters, { channel: 'slack' })).toBe(1);

    const rows = await listDeadLetters(p.deliverQueue);
    expect(rows).toEqual([
      expect.objectContaining({
        jobId: p.failures[0]!.job.id,
        title: 'Rule b2c.keys.policy-key-deleted',
        rule: keyDeleted.id,
        route: 'security',
        channel: 'slack #sec',
        failedReason: expect.stringContaining('channel_not_found'),
        attempts: 1,
        finishedOn: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
    ]);

    // The emulator's fault was one-shot: the channel works now.
    expect(await retryFailedJobs([p.deliverQueue], [rows[0]!.jobId, 'dl:nope:slack-0'])).toEqual({
      retried: [rows[0]!.jobId],
      notFound: ['dl:nope:slack-0'],
    });
    await p.slack.waitForMessages(1);
    await p.settle();
    expect(p.slack.messages).toHaveLength(1);
    expect(p.smtp.mails).toHaveLength(1);
    expect(await listDeadLetters(p.deliverQueue)).toEqual([]);
    expect(await retryFailedJobs([p.deliverQueue])).toEqual({ retried: [], notFound: [] });
  });

  it('does not post again when a delivery runs again after its send (sent marker)', async () => {
    const p = await start({ rules: [keyDeleted], routes: [route('security', { slack: { channel: '#sec' } })] });
    await p.addAlert(candidate(keyDeleted, 1));
    await p.slack.waitForMessages(1);
    await p.settle();
    const [job] = await p.deliverQueue.getCompleted();
    expect(job).toBeDefined();
    // As if the worker had died after Slack accepted the message: the same job (same id) runs again.
    await job!.remove();
    await p.deliverQueue.add(job!.name, job!.data, { jobId: job!.id! });
    await p.settle();
    expect(p.slack.messages).toHaveLength(1);
    expect(await p.counter(p.metrics.deliveries, { channel: 'slack', outcome: 'skipped' })).toBe(1);
  });
});
