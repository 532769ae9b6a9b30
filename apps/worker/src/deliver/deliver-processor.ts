import {
  isNotifyError,
  type EmailSendRequest,
  type EmailSendResult,
  type SlackSendRequest,
  type SlackSendResult,
} from '@b2c-alerts/notify';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { DeliveryHistoryState } from '../alert-history/alert-history-record.js';
import type { AlertHistoryWriter } from '../alert-history/alert-history-writer.js';
import { channelName } from '../alert-history/channel-name.js';
import type { WorkerMetrics } from '../http/metrics.js';
import { queueNames, type DeliverJobData } from '../queues/queues.js';
import type { RedisKeys } from '../redis/redis-keys.js';
import { ChannelUnconfiguredError } from './channel-unconfigured-error.js';
import type { NotificationJobData } from './deliver-job.js';
import { boundedSlackPauseMs, SlackPause } from './slack-pause.js';
import { ThreadStore } from './thread-store.js';
import { writeAfterSend } from './write-after-send.js';

/** What the processor needs of notify's SlackSender and EmailSender. */
export interface SlackPoster {
  send(req: SlackSendRequest): Promise<SlackSendResult>;
}
export interface EmailPoster {
  send(req: EmailSendRequest): Promise<EmailSendResult>;
}

export interface DeliverProcessorDeps {
  /** The producer connection: threads under `<prefix>:thread:`, sent markers under `<prefix>:sent:` (RedisKeys). */
  redis: Redis;
  keys: RedisKeys;
  /** Undefined when Slack is not configured: Slack deliveries then fail for good (dead letters). */
  slack?: SlackPoster;
  email?: EmailPoster;
  metrics: Pick<WorkerMetrics, 'deliveries' | 'historyWriteFailures'>;
  logger: Logger;
  /** Records each delivery outcome (alert history); off when absent. */
  history?: AlertHistoryWriter;
}

/** A later notification checks this often whether the group's first message is posted ... */
const threadPollMs = 2000;
/** ... and after this long (since it was enqueued) posts top-level rather than not at all. */
export const threadWaitMs = 10 * 60_000;

/**
 * The deliver stage: one notification to one channel. Slack: the first notification of a group's
 * episode posts top-level and its ts becomes the group's thread (per route and channel); later ones
 * post in that thread. While the first is not posted yet (it is retrying), a later one is delayed and
 * checks again, without spending attempts, for up to `threadWaitMs`; then it posts top-level rather
 * than not at all. Email: one message per notification.
 *
 * Exactly once, nearly: a sent marker is set after each successful send (retried through a Redis
 * restart, see writeAfterSend), and a retried job with a marker sends nothing. The remaining window is
 * a crash of the worker between the channel accepting the message and the marker being written: that
 * job's retry sends it again.
 *
 * Failures are classified: permanent ones (unknown channel, bad token, rejected address, a channel
 * kind with no sender) throw UnrecoverableError, so the job fails at once and is a dead letter;
 * a Slack 429 with Retry-After pauses Slack (SlackPause: every replica, Slack jobs only, bounded to
 * maxSlackPauseMs) and the job waits that long without spending an attempt, as does every Slack job
 * that starts during the pause; email jobs on the same queue go on. Anything else is rethrown for
 * exponential backoff.
 */
export function createDeliverProcessor(
  deps: DeliverProcessorDeps,
): (job: Job<DeliverJobData>, token?: string) => Promise<void> {
  const threads = new ThreadStore(deps.redis, deps.keys);
  const slackPause = new SlackPause(deps.redis, deps.keys);

  return async (job, token) => {
    const data = job.data as NotificationJobData;
    const kind = data.channel.kind;
    const jobId = job.id ?? '';
    const log = deps.logger.child({
      queue: queueNames.deliver,
      jobId,
      route: data.route,
      channel: kind,
      alertId: data.alert.id,
    });
    const count = (outcome: string) => deps.metrics.deliveries.inc({ channel: kind, outcome });
    const attempt = job.attemptsMade + 1;
    const lastAttempt = attempt >= (job.opts.attempts ?? 1);
    // After the sent marker, and never thrown: a history that cannot be written must not fail (and so
    // repeat) a send. Logged and counted instead.
    const remember = async (state: DeliveryHistoryState, error?: string): Promise<void> => {
      if (!deps.history) return;
      try {
        await deps.history.recordDelivery({
          route: data.route,
          channel: channelName(data.channel),
          notificationId: data.alert.id,
          alertIds: data.alertIds ?? data.alert.alertIds ?? [data.alert.id],
          state,
          attempts: attempt,
          ...(error === undefined ? {} : { error }),
        });
      } catch (writeError) {
        deps.metrics.historyWriteFailures.inc({ kind: 'delivery' });
        log.warn({ err: writeError, state }, 'delivery history not written; the delivery itself is unaffected');
      }
    };

    // Crash safety: a Redis restart between the send and its marker must not fail the job into a resend.
    const afterSend = {
      onRetry: () =>
        log.warn('sent marker not written yet (Redis unreachable); retrying so the alert is not sent twice'),
    };

    if (await threads.wasSent(jobId)) {
      count('skipped');
      log.info('delivered before; not sent again');
      // A crash between the marker and the history's `sent` left nothing recorded: record it now. When
      // it was recorded before, the reader shows one `sent` per notification and channel.
      await remember('sent');
      return;
    }
    let refused: string[] = [];
    try {
      if (data.channel.kind === 'email') {
        if (!deps.email) throw new ChannelUnconfiguredError('email');
        const sent = await deps.email.send({ alert: data.alert, to: data.channel.to });
        await writeAfterSend(() => threads.recordSent(jobId, sent.messageId), afterSend);
        refused = sent.rejected;
      } else {
        if (!deps.slack) throw new ChannelUnconfiguredError('slack');
        const paused = token === undefined ? 0 : await slackPause.remainingMs();
        if (paused > 0 && token !== undefined) {
          count('waiting');
          log.debug({ waitMs: paused }, 'slack is paused after a 429; waiting');
          await job.moveToDelayed(Date.now() + paused, token);
          throw new DelayedError();
        }
        const channel = data.channel.channel;
        const thread = data.thread;
        const threadKey = thread ? threads.threadKey(data.route, thread.group, channel) : undefined;
        let threadTs: string | undefined;
        if (thread && threadKey) {
          const current = await threads.thread(threadKey);
          if (current?.epoch === thread.epoch) threadTs = current.ts;
          else if (
            !thread.root &&
            !(current && current.epoch > thread.epoch) &&
            token !== undefined &&
            Date.now() - job.timestamp < threadWaitMs
          ) {
            count('waiting');
            log.debug('waiting for the group thread');
            await job.moveToDelayed(Date.now() + threadPollMs, token);
            throw new DelayedError();
          }
        }
        const sent = await deps.slack.send({
          alert: data.alert,
          channel,
          ...(threadTs === undefined ? {} : { threadTs }),
        });
        await writeAfterSend(
          () =>
            threads.recordSent(
              jobId,
              sent.ts,
              thread && threadKey
                ? {
                    threadKey,
                    epoch: thread.epoch,
                    ttlMs: thread.ttlMs,
                    ...(threadTs === undefined ? { postedTs: sent.ts } : {}),
                  }
                : undefined,
            ),
          afterSend,
        );
      }
      if (refused.length === 0) {
        count('sent');
        log.info({ attempt: job.attemptsMade + 1 }, 'alert delivered');
        await remember('sent');
      }
    } catch (error) {
      if (error instanceof DelayedError) throw error;
      if (error instanceof ChannelUnconfiguredError) {
        await remember('dead', error.code);
        count('permanent');
        log.error({ code: error.code }, 'delivery failed; channel not configured');
        throw new UnrecoverableError(error.message);
      }
      if (isNotifyError(error)) {
        if (error.permanent) {
          await remember('dead', error.code);
          count('permanent');
          log.error({ code: error.code }, 'delivery failed; not retried');
          throw new UnrecoverableError(error.message);
        }
        if (error.retryAfterMs !== undefined && kind === 'slack' && token !== undefined) {
          count('rate_limited');
          const waitMs = boundedSlackPauseMs(error.retryAfterMs);
          log.warn({ code: error.code, waitMs, retryAfterMs: error.retryAfterMs }, 'delivery rate limited; waiting');
          await slackPause.pause(waitMs);
          await job.moveToDelayed(Date.now() + waitMs, token);
          throw new DelayedError();
        }
        await remember(lastAttempt ? 'dead' : 'failed', error.code);
        count('failed');
        log.warn({ code: error.code, attempt: job.attemptsMade + 1 }, 'delivery failed; will retry');
        throw error;
      }
      await remember(lastAttempt ? 'dead' : 'failed', errorCode(error));
      count('failed');
      log.warn({ err: error, attempt: job.attemptsMade + 1 }, 'delivery failed; will retry');
      throw error;
    }
    if (refused.length > 0) {
      await remember('dead', `EMAIL_RECIPIENTS_REFUSED: ${refused.length} refused, the others have it`);
      throw recipientsRefused(refused, data.route, count, log);
    }
  };
}

/** A short, constant-ish name of an unclassified failure for the history: its code, else its class name. */
function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(code)) return code;
  const name = error instanceof Error ? error.name : 'error';
  return /^[A-Za-z0-9_.-]{1,64}$/.test(name) ? name : 'error';
}

/**
 * Some recipients refused while others accepted the mail: the accepted ones have it and the sent
 * marker is written, so nothing is sent twice (a retry, a crash restart or a re-drive finds the
 * marker and skips). The refused ones are a permanent failure: the job fails with UnrecoverableError
 * naming them, so it is a dead letter (listed by `b2c-alerts deadletters`, raised as
 * `self.dead-letters`) rather than a silent `sent`. Counted as outcome `rejected`. A crash between
 * the marker and this failure loses the dead letter, not the record: notify's EmailSender logs the
 * refused addresses at every send.
 */
function recipientsRefused(
  refused: string[],
  route: string,
  count: (outcome: string) => void,
  log: Logger,
): UnrecoverableError {
  count('rejected');
  const shown = refused.slice(0, 10).join(', ') + (refused.length > 10 ? ` and ${refused.length - 10} more` : '');
  log.error(
    { refused: refused.slice(0, 10), refusedCount: refused.length },
    'delivery refused for some recipients; the others have it',
  );
  return new UnrecoverableError(
    `The mail server refused the alert email for ${shown} (route ${route}); the other recipients have it. ` +
      'Check these addresses in the route’s email.to; a re-drive does not send it again.',
  );
}
