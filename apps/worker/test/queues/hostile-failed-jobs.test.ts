import { UnrecoverableError, Worker, type Job, type Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { flushJobName, flushJobOptions } from '../../src/alerts/flush-job.js';
import { deliverJobName, deliverJobOptions } from '../../src/deliver/deliver-job.js';
import { failedJobRetention } from '../../src/queues/failed-job-retention.js';
import { createQueues, jobNames, queueKinds, type WorkerQueues } from '../../src/queues/queues.js';
import { deleteKeys, redisUrl, testPrefixes } from '../helpers/redis-test.js';
import { useCleanup } from '../helpers/use-cleanup.js';

/**
 * A flood of failing deliveries (a Slack outage, a hostile channel name that Slack rejects) must not
 * fill Redis: failed jobs are kept long enough to re-drive, then trimmed by count and age.
 */
describe('failed jobs under a flood', () => {
  const redis = new Redis(redisUrl(), { maxRetriesPerRequest: null });
  const { queuePrefix } = testPrefixes();
  const defer = useCleanup(() => deleteKeys(redis, queuePrefix));
  afterAll(() => redis.quit());

  const open = (keepFailed?: { age: number; count: number }): WorkerQueues => {
    const queues = createQueues(redis, queuePrefix, keepFailed ? { keepFailed } : {});
    defer(() => Promise.all(Object.values(queues).map((q: Queue) => q.close())));
    return queues;
  };

  it('keeps failed jobs for days, not forever, on every queue and every job the stages add', async () => {
    expect(failedJobRetention.age).toBeGreaterThanOrEqual(7 * 24 * 3600);
    expect(failedJobRetention.count).toBeGreaterThanOrEqual(1000);
    const queues = open();
    const jobs: Array<[Queue, Job]> = [];
    for (const kind of queueKinds) {
      jobs.push([queues[kind], await queues[kind].add(jobNames.poll, { tenant: 'contoso' } as never)]);
    }
    jobs.push([queues.deliver, await queues.deliver.add(deliverJobName, {} as never, deliverJobOptions)]);
    jobs.push([queues.alerts, await queues.alerts.add(flushJobName, {} as never, flushJobOptions)]);

    for (const [queue, job] of jobs) {
      // Read back from Redis, as a worker sees the job.
      const stored = (await queue.getJob(job.id!)) as Job | undefined;
      const keep = stored?.opts.removeOnFail;
      expect(keep, `${job.queueName} ${job.name}`).toMatchObject({
        age: expect.any(Number),
        count: expect.any(Number),
      });
      expect((keep as { age: number }).age).toBeLessThanOrEqual(failedJobRetention.age);
      expect((keep as { count: number }).count).toBeLessThanOrEqual(failedJobRetention.count);
    }
  });

  it('trims failed jobs beyond the count, the oldest first', async () => {
    const count = 3;
    const extra = 4;
    const queues = open({ age: failedJobRetention.age, count });
    const failedIds: string[] = [];
    const allFailed = new Promise<void>((resolve) => {
      const worker = new Worker(
        queues.deliver.name,
        () => {
          throw new UnrecoverableError('channel_not_found');
        },
        { connection: redis.duplicate(), prefix: queuePrefix },
      );
      worker.on('failed', (job) => {
        failedIds.push(job!.id!);
        if (failedIds.length === count + extra) resolve();
      });
      defer(() => worker.close());
    });
    for (let i = 0; i < count + extra; i++) await queues.deliver.add(deliverJobName, {} as never, { jobId: `dl-${i}` });
    await allFailed;

    expect(await queues.deliver.getFailedCount()).toBe(count);
    const kept = (await queues.deliver.getFailed(0, -1)).map((j) => j.id);
    expect(kept.sort()).toEqual(failedIds.slice(-count).sort());
  });
});
