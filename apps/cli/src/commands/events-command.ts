import {
  countEvents,
  csvHeader,
  csvProjection,
  csvRecord,
  DuckDbEngine,
  EventSearch,
  findEvent,
  groupFieldNames,
  maxQueryRows,
  queryEvents,
  readRawRecords,
  type EventRow,
  type GroupField,
  type SearchSources,
} from '@b2c-alerts/investigate';
import { Option, type Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { tenantHintOf } from '../env.js';
import { CliError } from '../errors/cli-error.js';
import { formatEventDetails } from '../investigate/event-details.js';
import { formatEventsTable } from '../investigate/events-table.js';
import { addFilterOptions, filterInputOf, type RawFilterOptions } from '../investigate/filter-options.js';
import { openArchive, resolveFilterFlags } from '../investigate/open-archive.js';
import { formatSourcesNotice } from '../investigate/sources-notice.js';
import { durationOption } from '../text/duration-option.js';
import { escapeControlChars } from '../text/escape-control-chars.js';
import { wholeNumberOption } from '../text/whole-number-option.js';
import { cliEngineOptions } from '../investigate/engine-options.js';
import { writePaced } from '../investigate/write-paced.js';
import { openGraphEvents, searchGraph } from '../investigate/graph-search.js';

/** The most rows `--format table` prints: it holds every row to size its columns, where csv and jsonl stream. */
const maxTableRows = 10_000;
/** JSONL reads the records of this many rows of one day at a time: each part read once per chunk, memory bounded. */
const jsonlChunkRows = 20_000;
const dayOf = (row: EventRow) => new Date(Math.floor(row.timeUs / 1000)).toISOString().slice(0, 10);

interface RawEventsOptions extends RawFilterOptions {
  archive?: string;
  graph?: boolean;
  tenant?: string;
  format: 'table' | 'csv' | 'jsonl';
  limit?: string;
  countBy?: GroupField;
  timeout: string;
}

/** `b2c-alerts events`: the archive's events that match the filters, newest first. */
export function registerEventsCommand(program: Command, context: CommandContext): void {
  const events = program
    .command('events')
    .summary('list archived audit events that match filters, newest first (table, CSV or JSONL)')
    .description(
      'Search the archive: its index (`b2c-alerts archive index`) answers the days it covers, the raw parts answer the ' +
        'rest (the open day, days indexed before new parts came, an unreadable index file), and stderr says which. ' +
        'Or, with --graph, ask Microsoft Graph for the last seven days (the AZURE_* variables, as for export). ' +
        'Filters combine (all must hold); string matches ignore case; times are UTC.',
    );
  addCommonOptions(events).option(
    '--graph',
    'ask Microsoft Graph instead of an archive: the last 7 days, with the credentials export uses (not with --archive; --timeout does not apply, Ctrl-C stops)',
  );
  addFilterOptions(events)
    .addOption(
      new Option(
        '--format <format>',
        'table (fits the terminal), csv (the portal download columns), jsonl (raw records)',
      )
        .choices(['table', 'csv', 'jsonl'])
        .default('table'),
    )
    .option(
      '--limit <n>',
      `at most this many events (1 to ${maxQueryRows.toLocaleString('en-US')}, a table ${maxTableRows.toLocaleString('en-US')}; default 50)`,
    )
    .addOption(
      new Option('--count-by <field>', 'count the matching events per value of a field instead').choices(
        groupFieldNames,
      ),
    )
    .action(async (raw: RawEventsOptions) => {
      const limit = raw.limit === undefined ? 50 : wholeNumberOption('--limit', raw.limit, 1, maxQueryRows);
      if (raw.format === 'table' && raw.countBy === undefined && limit > maxTableRows) {
        throw new CliError(
          'CLI_ERR_USAGE',
          `--limit ${limit}: a table shows at most ${maxTableRows.toLocaleString('en-US')} events (it holds them to fit the columns); ` +
            'use --format csv or jsonl for more, which stream.',
        );
      }
      const timeoutMs = durationOption('--timeout', raw.timeout);
      const now = context.clock.now();
      const input = filterInputOf(raw);
      const filter = resolveFilterFlags(input, now);
      if (raw.graph) {
        if (raw.archive !== undefined)
          throw new CliError(
            'CLI_ERR_USAGE',
            '--graph and --archive exclude each other; give one: Graph for the last 7 days, or the archive.',
          );
        if (raw.countBy !== undefined)
          throw new CliError(
            'CLI_ERR_USAGE',
            '--count-by needs an archive (--archive DIR); it is not available with --graph.',
          );
        await searchGraph({ input, filter, format: raw.format, limit }, context);
        return;
      }
      const archive = await openArchive(raw.archive, raw.tenant ?? tenantHintOf(context.env));
      const engine = await DuckDbEngine.open(cliEngineOptions);
      try {
        const base = { archiveDir: archive.dir, filter, engine, now, timeoutMs, signal: context.signal };
        let sources: SearchSources;
        let shown: number;
        if (raw.countBy !== undefined) {
          const result = await countEvents({ ...base, by: raw.countBy });
          const width = Math.max(5, ...result.groups.map((g) => String(g.count).length));
          for (const g of result.groups) {
            context.stdout.write(`${String(g.count).padStart(width)}  ${escapeControlChars(g.value ?? '(none)')}\n`);
          }
          context.stderr.write(`${result.total} events in ${result.groups.length} groups.\n`);
          sources = result.sources;
          shown = result.total;
        } else if (raw.format === 'table') {
          const page = await queryEvents({ ...base, limit });
          context.stdout.write(formatEventsTable(page.rows, context.stdout.columns ?? 160));
          context.stderr.write(
            `${page.rows.length} event${page.rows.length === 1 ? '' : 's'}, newest first` +
              (page.more ? `; more match: raise --limit or narrow the filters.\n` : '.\n'),
          );
          sources = page.sources;
          shown = page.rows.length;
        } else {
          const search = new EventSearch({ ...base, limit });
          shown = 0;
          if (raw.format === 'csv') {
            // A byte-order mark, so that Excel reads the file as UTF-8.
            await writePaced(context.stdout, `\uFEFF${csvRecord(csvHeader)}`, context.signal);
            for await (const records of search.project(csvProjection)) {
              shown += records.length;
              await writePaced(context.stdout, records.join(''), context.signal);
            }
          }
          // The records of a day's rows (up to jsonlChunkRows) are read together: each part once, within the time limit.
          let pending: EventRow[] = [];
          const flush = async () => {
            const rows = pending;
            pending = [];
            shown += rows.length;
            const records = await readRawRecords(archive.dir, rows, { checkpoint: () => search.checkpoint() });
            for (const row of rows) {
              const record = records.get(row.id);
              if (record) await writePaced(context.stdout, `${JSON.stringify(record)}\n`, context.signal);
              else
                context.stderr.write(
                  `warning: the raw record of ${escapeControlChars(row.id)} could not be read from its part ${escapeControlChars(row.part)}.\n`,
                );
            }
          };
          for await (const rows of raw.format === 'jsonl' ? search.batches() : []) {
            for (const row of rows) {
              if (pending.length > 0 && (pending.length >= jsonlChunkRows || dayOf(row) !== dayOf(pending[0]!))) {
                await flush();
              }
              pending.push(row);
            }
          }
          if (pending.length > 0) await flush();
          sources = search.sources;
        }
        context.stderr.write(formatSourcesNotice(sources));
        failOnSkipped(sources, shown);
      } finally {
        engine.close();
      }
    });

  const show = events
    .command('show')
    .summary("one event's details panel: activity, initiated by, targets, additional details")
    .argument('<id>', 'the event id (the ID column of the table)');
  addCommonOptions(show).action(async (id: string, _options: unknown, command: Command) => {
    // `events` has the same flags, and commander gives them to the parent when typed after `show`.
    const raw = command.optsWithGlobals<{ archive?: string; tenant?: string; timeout: string; graph?: boolean }>();
    const timeoutMs = durationOption('--timeout', raw.timeout);
    const now = context.clock.now();
    if (raw.graph) {
      if (raw.archive !== undefined)
        throw new CliError(
          'CLI_ERR_USAGE',
          '--graph and --archive exclude each other; give one: Graph for the last 7 days, or the archive.',
        );
      await showFromGraph(id, context);
      return;
    }
    const archive = await openArchive(raw.archive, raw.tenant ?? tenantHintOf(context.env));
    resolveFilterFlags({ ids: [id] }, now); // the id's bounds, checked as a filter's
    const engine = await DuckDbEngine.open(cliEngineOptions);
    try {
      // Days newest first, each by its index when current, else its parts; the first day that holds the id ends it.
      const page = await findEvent({ archiveDir: archive.dir, id, engine, now, timeoutMs, signal: context.signal });
      const row = page.row;
      if (!row) {
        context.stderr.write(formatSourcesNotice(page.sources));
        throw new CliError(
          'CLI_ERR_CHECK_FAILED',
          `No event ${JSON.stringify(escapeControlChars(id))} in the archive ${archive.dir}.`,
        );
      }
      const raws = await readRawRecords(archive.dir, [row]);
      context.stdout.write(formatEventDetails(row, raws.get(row.id)));
      context.stderr.write(formatSourcesNotice(page.sources));
      failOnSkipped(page.sources, 1);
    } finally {
      engine.close();
    }
  });
}

/** `events show ID --graph`: the event read from Graph (`id eq`), or CLI_ERR_CHECK_FAILED naming the 7 days. */
async function showFromGraph(id: string, context: CommandContext): Promise<void> {
  const input = { ids: [id] };
  const { events } = await openGraphEvents(input, resolveFilterFlags(input, context.clock.now()), context);
  for await (const event of events) {
    context.stdout.write(formatEventDetails(event.row, event.raw));
    return;
  }
  throw new CliError(
    'CLI_ERR_CHECK_FAILED',
    `No event ${JSON.stringify(escapeControlChars(id))} in Microsoft Graph's last 7 days; an older one is only in an archive (--archive DIR).`,
  );
}

function addCommonOptions(command: Command): Command {
  return command
    .option('--archive <dir>', "the archive: the directory `export --out` writes, or the worker's ARCHIVE_DIR/<tenant>")
    .option('--tenant <id>', 'refuse an archive recorded for another tenant (default: AZURE_TENANT_ID when set)')
    .option('--timeout <duration>', 'stop a query that runs longer (60s, 5m)', '60s');
}

/** Like replay: an answer that left unreadable parts out is printed, then the command fails. */
function failOnSkipped(sources: SearchSources, shown: number): void {
  const n = sources.skipped.length;
  if (n === 0) return;
  throw new CliError(
    'CLI_ERR_RUNTIME',
    `${n} unreadable part${n === 1 ? ' was' : 's were'} skipped (above); the ${shown} result${shown === 1 ? '' : 's'} cover the rest of the archive.`,
  );
}
