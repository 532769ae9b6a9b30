import { once } from 'node:events';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { onTestFinished } from 'vitest';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * One queue under `prefix` whose worker fails every job with `error()` until `state.fixed` (the worker
 * app's stages are tested in the worker's own tests; here only what the CLI reads and re-drives matters).
 * Closed, its keys removed, when the test ends: call it inside the test. `env` points the CLI at it.
 */
export function failingStage(name: string, prefix: string, error: () => Error) {
  const producer = new Redis(redisUrl);
  const queue = new Queue(name, { connection: producer, prefix });
  const state = { fixed: false, done: [] as string[] };
  const worker = new Worker(
    name,
    async (job: Job) => {
      if (!state.fixed) throw error();
      state.done.push(job.id ?? '');
    },
    { connection: new Redis(redisUrl, { maxRetriesPerRequest: null }), prefix },
  );
  onTestFinished(async () => {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
    await producer.quit();
  });
  /** Adds a job allowing `attempts` and waits until it has failed for good. */
  const fail = async (jobName: string, data: unknown, jobId: string, attempts = 1) => {
    const failed = once(worker, 'failed');
    await queue.add(jobName, data, { jobId, attempts, removeOnFail: false });
    await failed;
  };
  return { worker, state, fail, env: { REDIS_URL: redisUrl, BULLMQ_PREFIX: prefix } };
}
