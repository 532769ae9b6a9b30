import { listDeadLetters, openDeliverQueue, retryDeadLetters, type DeadLetterRow } from '@b2c-alerts/worker';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { queueConnectionOf } from '../env.js';
import { CliError } from '../errors/cli-error.js';
import { escapeControlChars } from '../escape-control-chars.js';

interface RawDeadLettersOptions {
  retry?: true | string[];
  json?: boolean;
}

/**
 * `b2c-alerts deadletters [--retry [ids...]] [--json]`: the deliveries that failed for good, newest
 * first, from the worker's Redis (REDIS_URL, BULLMQ_PREFIX); `--retry` re-drives the given ones (or
 * all) with fresh attempts.
 */
export function registerDeadLettersCommand(program: Command, context: CommandContext): void {
  program
    .command('deadletters')
    .summary('list alert deliveries that failed for good; --retry re-drives them')
    .description(
      'List the dead letters of the deliver queue (deliveries that failed permanently or after their last retry) from the ' +
        "worker's Redis (REDIS_URL, BULLMQ_PREFIX). With --retry, move the given job ids (or all) back to the queue with " +
        'fresh attempts, once the channel is fixed; a channel that got the alert already does not get it twice.',
    )
    .option('--retry [ids...]', 're-drive these job ids (all dead letters when none is given)')
    .option('--json', 'print JSON instead of text')
    .action(async (raw: RawDeadLettersOptions) => {
      const connection = queueConnectionOf(context.env);
      const handle = openDeliverQueue({ redisUrl: connection.redisUrl, prefix: connection.queuePrefix });
      const out = (line: string) => context.stdout.write(`${line}\n`);
      try {
        if (raw.retry === undefined) {
          const rows = await listDeadLetters(handle.queue).catch(redisError);
          if (raw.json) out(JSON.stringify(rows, null, 2));
          else if (rows.length === 0) out('No dead letters.');
          else {
            for (const row of rows) out(rowLines(row));
            out(`${rows.length} dead letter${rows.length === 1 ? '' : 's'}; re-drive them with b2c-alerts deadletters --retry [ids...] once the channel works.`);
          }
          return;
        }
        const ids = Array.isArray(raw.retry) ? raw.retry : undefined;
        const result = await retryDeadLetters(handle.queue, ids).catch(redisError);
        if (raw.json) out(JSON.stringify(result, null, 2));
        else {
          for (const id of result.retried) out(`re-driven ${escapeControlChars(id)}`);
          out(`${result.retried.length} dead letter${result.retried.length === 1 ? '' : 's'} re-driven.`);
        }
        if (result.notFound.length > 0) {
          throw new CliError('CLI_ERR_CHECK_FAILED', `Not dead letters (unknown, or not failed): ${result.notFound.map(escapeControlChars).join(', ')}; b2c-alerts deadletters lists them.`);
        }
      } finally {
        await handle.close();
      }
    });
}

function rowLines(row: DeadLetterRow): string {
  const e = escapeControlChars;
  return [
    `${e(row.finishedOn ?? '-')}  ${e(row.jobId)}  ${e(row.channel)}  ${e(row.rule)}  attempts ${row.attempts}`,
    `  ${e(row.title)}`,
    `  ${e(row.failedReason)}`,
  ].join('\n');
}

/** ioredis errors may quote the URL (with its password): only the code is shown. */
function redisError(error: unknown): never {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? (error instanceof Error ? error.name : 'error');
  throw new CliError('CLI_ERR_RUNTIME', `Cannot read the deliver queue from Redis (${code}); check REDIS_URL and that Redis is running.`, { cause: error });
}
