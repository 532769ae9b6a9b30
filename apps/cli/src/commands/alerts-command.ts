import {
  isWorkerError,
  openAlertHistory,
  type AlertHistory,
  type AlertHistoryRecord,
  type AlertHistoryQuery,
} from '@b2c-alerts/worker';
import { Option, type Command } from 'commander';
import { alertCsvRecord, alertsCsvHeader } from '../alerts/alerts-csv.js';
import { formatAlertsTable } from '../alerts/alerts-table.js';
import type { CommandContext } from '../command-context.js';
import { historyConnectionOf } from '../env.js';
import { CliError } from '../errors/cli-error.js';
import { escapeControlChars } from '../text/escape-control-chars.js';
import { parseTime } from '../text/parse-time.js';
import { wholeNumberOption } from '../text/whole-number-option.js';

interface RawAlertsListOptions {
  since: string;
  until?: string;
  rule?: string;
  limit?: string;
  before?: string;
  format: 'table' | 'json' | 'jsonl' | 'csv';
}

const maxLimit = 100_000;
/** The reader's page: a larger --limit is read in pages of this many. */
const pageSize = 1000;

/**
 * `b2c-alerts alerts list`: the alerts the worker raised, newest first, from its alert history in Redis
 * (REDIS_URL, REDIS_KEY_PREFIX), each with its delivery state. Event-sourced text (titles, group values)
 * is shown escaped in every format.
 */
export function registerAlertsCommand(program: Command, context: CommandContext): void {
  const alerts = program
    .command('alerts')
    .summary('the alerts the worker raised and what became of them (alert history)');
  alerts
    .command('list')
    .summary('list the alerts the worker raised, newest first, with their delivery state')
    .description(
      "Read the worker's alert history from Redis (REDIS_URL, REDIS_KEY_PREFIX): every alert it raised in the time " +
        'range, newest first, with its rule, severity, group, count and what became of it (sent, retrying, dead on ' +
        'each channel; silenced; no route). Times are UTC. When more alerts match than --limit, stderr prints the ' +
        '--before cursor of the next page.',
    )
    .option('--since <time>', 'raised at or after this time: a duration back from now (7d, 36h) or an ISO date', '7d')
    .option('--until <time>', 'raised at or before this time: a duration back from now or an ISO date')
    .option('--rule <id>', "only this rule's alerts")
    .option('--limit <n>', `at most this many alerts (1 to ${maxLimit.toLocaleString('en-US')}; default 50)`)
    .option('--before <cursor>', 'the next page: the cursor the previous page printed')
    .addOption(
      new Option('--format <format>', 'table (fits the terminal), json, jsonl (one alert a line) or csv')
        .choices(['table', 'json', 'jsonl', 'csv'])
        .default('table'),
    )
    .action(async (raw: RawAlertsListOptions) => {
      const now = context.clock.now();
      const limit = raw.limit === undefined ? 50 : wholeNumberOption('--limit', raw.limit, 1, maxLimit);
      const since = parseTime(raw.since, now, '--since');
      const until = raw.until === undefined ? undefined : parseTime(raw.until, now, '--until');
      if (until !== undefined && until < since)
        throw new CliError('CLI_ERR_USAGE', '--until is before --since: give a range that ends after it starts.');
      const query: AlertHistoryQuery = {
        since: Math.max(0, since),
        ...(until === undefined ? {} : { until: Math.max(0, until) }),
        ...(raw.rule === undefined ? {} : { rule: raw.rule }),
        ...(raw.before === undefined ? {} : { before: raw.before }),
      };
      const connection = historyConnectionOf(context.env);
      const handle = openAlertHistory({ redisUrl: connection.redisUrl, keyPrefix: connection.keyPrefix });
      try {
        const { alerts: found, next } = await readAlerts(handle.history, query, limit).catch(historyError);
        context.stdout.write(render(found, raw.format, next, context.stdout.columns ?? 160));
        if (raw.format === 'table' && found.length === 0) context.stderr.write('No alerts in this range.\n');
        if (next !== undefined && raw.format !== 'json') {
          context.stderr.write(`More alerts match: add --before ${next} for the next page.\n`);
        }
      } finally {
        await handle.close();
      }
    });
}

async function readAlerts(
  history: AlertHistory,
  query: AlertHistoryQuery,
  limit: number,
): Promise<{ alerts: AlertHistoryRecord[]; next?: string }> {
  const alerts: AlertHistoryRecord[] = [];
  let before = query.before;
  for (;;) {
    const page = await history.list({
      ...query,
      limit: Math.min(pageSize, limit - alerts.length),
      ...(before === undefined ? {} : { before }),
    });
    alerts.push(...page.alerts);
    before = page.next;
    if (before === undefined || alerts.length >= limit) break;
  }
  return before === undefined ? { alerts } : { alerts, next: before };
}

/**
 * JSON whose strings show controls and bidi marks as \uXXXX: the same value, inert in a terminal. Only
 * the indentation's line breaks are raw (JSON.stringify escapes those inside strings already).
 */
function json(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).split('\n').map(escapeControlChars).join('\n');
}

function render(
  alerts: AlertHistoryRecord[],
  format: RawAlertsListOptions['format'],
  next: string | undefined,
  width: number,
) {
  switch (format) {
    case 'json':
      return `${json(next === undefined ? { alerts } : { alerts, next }, 2)}\n`;
    case 'jsonl':
      return alerts.map((a) => `${json(a)}\n`).join('');
    case 'csv':
      return (
        alertsCsvHeader() + alerts.map((a) => escapeControlChars(alertCsvRecord(a).slice(0, -2)) + '\r\n').join('')
      );
    default:
      return alerts.length === 0 ? '' : formatAlertsTable(alerts, width);
  }
}

/** A malformed query is the user's (CLI_ERR_USAGE); ioredis errors may quote the URL, so only the code is shown. */
function historyError(error: unknown): never {
  if (isWorkerError(error)) throw new CliError('CLI_ERR_USAGE', error.message, { cause: error });
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? (error instanceof Error ? error.name : 'error');
  throw new CliError(
    'CLI_ERR_RUNTIME',
    `Cannot read the alert history from Redis (${code}); check REDIS_URL and REDIS_KEY_PREFIX and that Redis is running.`,
    { cause: error },
  );
}
