import { listFailedJobs, openDeadLetterQueues, retryFailedJobs, type FailedJobRow } from '@b2c-alerts/worker';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { queueConnectionOf } from '../env.js';
import { CliError } from '../errors/cli-error.js';
import { escapeControlChars } from '../text/escape-control-chars.js';

interface RawDeadLettersOptions {
  retry?: true | string[];
  json?: boolean;
}

/**
 * `b2c-alerts deadletters [--retry [ids...]] [--json]`: the jobs that failed for good, newest first,
 * from the worker's Redis (REDIS_URL, BULLMQ_PREFIX): deliveries, and evaluate and alerts jobs (whose
 * events or alerts reach no channel until re-driven); `--retry` re-drives the given ones (or all)
 * with fresh attempts.
 */
export function registerDeadLettersCommand(program: Command, context: CommandContext): void {
  program
    .command('deadletters')
    .summary('list deliveries and other jobs that failed for good; --retry re-drives them')
    .description(
      "List the dead letters from the worker's Redis (REDIS_URL, BULLMQ_PREFIX): deliveries that failed permanently or " +
        'after their last retry (queue b2c-deliver), and evaluate and alerts jobs that failed after their last retry ' +
        '(b2c-evaluate, b2c-alerts), whose alerts are missing until re-driven. With --retry, move the given job ids (or all) ' +
        'back to their queue with fresh attempts, once the cause is fixed; a channel that got an alert already does not get it twice.',
    )
    .option('--retry [ids...]', 're-drive these job ids (all dead letters when none is given)')
    .option('--json', 'print JSON instead of text')
    .action(async (raw: RawDeadLettersOptions) => {
      const connection = queueConnectionOf(context.env);
      const handle = openDeadLetterQueues({ redisUrl: connection.redisUrl, prefix: connection.queuePrefix });
      const out = (line: string) => context.stdout.write(`${line}\n`);
      try {
        if (raw.retry === undefined) {
          const rows = await listFailedJobs(handle.queues).catch(redisError);
          if (raw.json) out(JSON.stringify(rows, null, 2));
          else if (rows.length === 0) out('No dead letters.');
          else {
            for (const row of rows) out(rowLines(row));
            const cause = rows.every((row) => row.queue === 'b2c-deliver') ? 'the channel works' : 'the cause is fixed';
            out(
              `${rows.length} dead letter${rows.length === 1 ? '' : 's'}; re-drive them with b2c-alerts deadletters --retry [ids...] once ${cause}.`,
            );
          }
          return;
        }
        const ids = Array.isArray(raw.retry) ? raw.retry : undefined;
        const result = await retryFailedJobs(Object.values(handle.queues), ids).catch(redisError);
        if (raw.json) out(JSON.stringify(result, null, 2));
        else {
          for (const id of result.retried) out(`re-driven ${escapeControlChars(id)}`);
          out(`${result.retried.length} dead letter${result.retried.length === 1 ? '' : 's'} re-driven.`);
        }
        if (result.notFound.length > 0) {
          throw new CliError(
            'CLI_ERR_CHECK_FAILED',
            `Not dead letters (unknown, or not failed): ${result.notFound.map(escapeControlChars).join(', ')}; b2c-alerts deadletters lists them.`,
          );
        }
      } finally {
        await handle.close();
      }
    });
}

function rowLines(row: FailedJobRow): string {
  const e = escapeControlChars;
  const head = `${e(row.finishedOn ?? '-')}  ${row.queue}  ${e(row.jobId)}`;
  return (
    row.queue === 'b2c-deliver'
      ? [`${head}  ${e(row.channel)}  ${e(row.rule)}  attempts ${row.attempts}`, `  ${e(row.title)}`]
      : [`${head}  attempts ${row.attempts}`, `  ${e(row.summary)}`]
  )
    .concat(`  ${e(row.failedReason)}`)
    .join('\n');
}

/** ioredis errors may quote the URL (with its password): only the code is shown. */
function redisError(error: unknown): never {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? (error instanceof Error ? error.name : 'error');
  throw new CliError(
    'CLI_ERR_RUNTIME',
    `Cannot read the deliver queue from Redis (${code}); check REDIS_URL and that Redis is running.`,
    { cause: error },
  );
}
