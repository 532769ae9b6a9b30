import type { RateLimit } from '@b2c-alerts/audit-client';
import { indexArchive } from '@b2c-alerts/investigate';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { loadConfig } from '../env.js';
import { CliError } from '../errors/cli-error.js';
import { ExportRun, type ExportOptions } from '../export/export-run.js';
import { formatExportSummary } from '../export/export-summary.js';
import { parseTime } from '../text/parse-time.js';
import { cliEngineOptions } from '../investigate/engine-options.js';

interface RawExportOptions {
  since: string;
  until?: string;
  out: string;
  tenantLabel?: string;
  rateLimit: string;
  json?: boolean;
  index?: boolean;
}

/** `b2c-alerts export`: archive every audit event once, as gzip JSONL per UTC day. */
export function registerExportCommand(program: Command, context: CommandContext): void {
  program
    .command('export')
    .summary('archive audit events as gzip JSONL files per UTC day')
    .description(
      'Archive audit events to DIR/YYYY-MM-DD/part-*.jsonl.gz (one raw event per line, by UTC day). ' +
        'A rerun resumes from the saved watermark, re-reads the overlap for late events, and never writes an event twice.',
    )
    .requiredOption(
      '--since <when>',
      'where a first export starts: a duration back from now (90m, 1h30m, 1.5h, 3d) or an ISO date-time',
    )
    .option(
      '--until <when>',
      'where to stop: a duration back from now or an ISO date-time (default: now minus the publication delay)',
    )
    .requiredOption('--out <dir>', 'archive directory (one per tenant); created if missing')
    .option('--tenant-label <name>', 'the tenant name shown in the summary and logs (default: AZURE_TENANT_ID)')
    .option('--rate-limit <n/seconds|off>', 'client-side Graph request budget for the tenant', '5/10')
    .option('--json', 'print the summary as one JSON object')
    .option('--index', 'then bring the archive index up to date (as `archive index` does), for `events`')
    .action(async (raw: RawExportOptions) => {
      const options = parseExportOptions(raw, context.clock.now());
      const config = await loadConfig(context.env);
      const run = new ExportRun(options, {
        config,
        clock: context.clock,
        logger: context.logger,
        progress: context.progress,
        signal: context.signal,
      });
      try {
        await run.execute();
      } finally {
        context.progress.clear();
        // Also printed when a run that began reading fails, so the user sees what was kept.
        if (run.summary.status === 'completed' || run.summary.from !== undefined) {
          context.stdout.write(raw.json ? `${JSON.stringify(run.summary)}\n` : formatExportSummary(run.summary));
        }
      }
      if (raw.index) await indexAfterExport(options.out, context);
    });
}

/** `export --index`: the closed days the run wrote (or changed) are indexed; the summary goes to stderr. */
async function indexAfterExport(out: string, context: CommandContext): Promise<void> {
  const summary = await indexArchive({
    engine: cliEngineOptions,
    archiveDir: out,
    now: () => context.clock.now(),
    signal: context.signal,
  });
  const skipped = summary.built.reduce((n, m) => n + m.skipped.length, 0);
  context.stderr.write(
    `Indexed ${summary.built.length} day${summary.built.length === 1 ? '' : 's'} ` +
      `(${summary.rows.toLocaleString('en-US')} events); ${summary.current} already current.\n`,
  );
  if (skipped > 0) {
    throw new CliError(
      'CLI_ERR_RUNTIME',
      `${skipped} unreadable part${skipped === 1 ? ' was' : 's were'} left out of the index; run \`b2c-alerts archive index\` to see which.`,
    );
  }
}

function parseExportOptions(raw: RawExportOptions, now: number): ExportOptions {
  const since = parseTime(raw.since, now, '--since');
  const until = raw.until === undefined ? undefined : parseTime(raw.until, now, '--until');
  if (since >= now)
    throw new CliError(
      'CLI_ERR_USAGE',
      `--since ${raw.since} is not in the past; give a duration such as 3d or an earlier date-time.`,
    );
  if (until !== undefined && until <= since) {
    throw new CliError(
      'CLI_ERR_USAGE',
      `--until ${raw.until} is not after --since ${raw.since}; give an end later than the start.`,
    );
  }
  if (raw.out.trim() === '') throw new CliError('CLI_ERR_USAGE', '--out is empty; give the archive directory.');
  return {
    since,
    out: raw.out,
    rateLimit: parseRateLimit(raw.rateLimit),
    ...(until !== undefined ? { until } : {}),
    ...(raw.tenantLabel !== undefined ? { tenantLabel: raw.tenantLabel } : {}),
  };
}

function parseRateLimit(value: string): RateLimit | false {
  if (value.trim().toLowerCase() === 'off') return false;
  const m = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*s?\s*$/i.exec(value);
  const requests = m ? Number(m[1]) : 0;
  const seconds = m ? Number(m[2]) : 0;
  if (!m || requests < 1 || seconds <= 0) {
    throw new CliError(
      'CLI_ERR_USAGE',
      `--rate-limit ${JSON.stringify(value)} is not <requests>/<seconds> (like 5/10) or off.`,
    );
  }
  return { requests, intervalMs: seconds * 1000 };
}
