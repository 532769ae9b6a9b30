import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { EmailSender, buildAlert } from '@b2c-alerts/notify';
import { SmtpSink } from '@b2c-alerts/testkit';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDeadLetter, watchFailedJobs } from '../../src/dead-letters/failed-jobs-watch.js';
import { listDeadLetters } from '../../src/dead-letters/list-dead-letters.js';
import {
  deliverJobName,
  deliverJobOptions,
  notificationJobId,
  type NotificationJobData,
} from '../../src/deliver/deliver-job.js';
import { createDeliverProcessor } from '../../src/deliver/deliver-processor.js';
import { RedisKeys, retryFailedJobs } from '../../src/index.js';
import { createMetrics } from '../../src/http/metrics.js';
import { queueNames, type DeliverJobData, type DeliveryChannel } from '../../src/queues/queues.js';
import { candidate, redisUrl, rule } from '../helpers/alert-pipeline-harness.js';
import { deleteKeys } from '../helpers/redis-test.js';

const keyDeleted = rule('b2c.keys.policy-key-deleted', 'critical');

describe('an email some recipients refuse', () => {
  const prefix = `test-${randomUUID()}`;
  const metrics = createMetrics();
  const connections: Redis[] = [];
  let smtp: SmtpSink;
  let email: EmailSender;
  let queue: Queue<DeliverJobData>;
  let worker: Worker<DeliverJobData>;

  const connection = (o: { maxRetriesPerRequest?: null } = {}) => {
    const redis = new Redis(redisUrl(), o);
    connections.push(redis);
    return redis;
  };
  const deliveries = async (outcome: string) =>
    (await metrics.deliveries.get()).values.find(
      (v) => v.labels['channel'] === 'email' && v.labels['outcome'] === outcome,
    )?.value ?? 0;

  beforeEach(async () => {
    smtp = await SmtpSink.start({ rejectRecipients: ['gone@contoso.test'] });
    email = new EmailSender({ smtpUrl: smtp.url, from: 'B2C alerts <alerts@contoso.test>' });
    const producer = connection();
    queue = new Queue<DeliverJobData>(queueNames.deliver, { connection: producer, prefix });
    const logger = pino({ level: 'silent' });
    worker = new Worker<DeliverJobData>(
      queueNames.deliver,
      createDeliverProcessor({
        redis: producer,
        keys: new RedisKeys(`${prefix}:b2c`),
        email,
        metrics,
        logger,
      }),
      { connection: connection({ maxRetriesPerRequest: null }), prefix },
    );
    watchFailedJobs(worker, 'deliver', { metrics, logger });
  });

  afterEach(async () => {
    await worker.close();
    await queue.close();
    email.close();
    await smtp.close();
    const admin = connection();
    await deleteKeys(admin, prefix);
    await Promise.all(connections.map((c) => c.quit()));
    connections.length = 0;
  });

  it('keeps the mail to the accepted ones sent once and makes the refused ones a dead letter that names them', async () => {
    const alert = buildAlert(candidate(keyDeleted, 1), keyDeleted, { ruleSetVersion: 'v1', tenantName: 'contoso' });
    const channel: DeliveryChannel = { kind: 'email', to: ['soc@contoso.test', 'gone@contoso.test'] };
    const jobId = notificationJobId(alert.id, 'security', channel);
    // Whichever comes first: a job that completes here has dropped the refused recipient silently.
    const failed = Promise.race([
      once(worker, 'failed') as Promise<[Job<DeliverJobData>, Error]>,
      once(worker, 'completed').then((): never => {
        throw new Error('the delivery completed although a recipient was refused');
      }),
    ]);
    await queue.add(deliverJobName, { alert, route: 'security', channel } satisfies NotificationJobData, {
      ...deliverJobOptions,
      jobId,
    });

    const [job, error] = await failed;
    expect(error.name).toBe('UnrecoverableError');
    expect(error.message).toContain('gone@contoso.test');
    expect(error.message).not.toContain('soc@contoso.test');
    expect(isDeadLetter(job, error)).toBe(true);
    expect(job.attemptsMade).toBe(1);
    expect(smtp.mails.map((m) => m.envelope.rcptTo)).toEqual([['soc@contoso.test']]);
    expect(await deliveries('rejected')).toBe(1);
    expect(await deliveries('sent')).toBe(0);
    expect(await metrics.deadLetters.get()).toMatchObject({ values: [{ labels: { channel: 'email' }, value: 1 }] });

    const [row, ...more] = await listDeadLetters(queue);
    expect(more).toEqual([]);
    expect(row).toMatchObject({
      jobId,
      channel: 'email soc@contoso.test, gone@contoso.test',
      failedReason: expect.stringContaining('gone@contoso.test'),
    });

    // A re-drive finds the sent marker: the accepted recipient does not get it twice.
    const completed = once(worker, 'completed');
    expect(await retryFailedJobs([queue], [jobId])).toEqual({ retried: [jobId], notFound: [] });
    await completed;
    expect(smtp.mails).toHaveLength(1);
    expect(await deliveries('skipped')).toBe(1);
    expect(await listDeadLetters(queue)).toEqual([]);
  });
});
