import { GraphAuditReader, createTokenProvider, resolveEndpoints } from '@b2c-alerts/audit-client';
import {
  csvHeader,
  csvProjection,
  csvRecord,
  type EventFilterInput,
  type ResolvedFilter,
} from '@b2c-alerts/investigate';
import type { CommandContext } from '../command-context.js';
import { loadConfig } from '../env.js';
import { formatEventsTable } from './events-table.js';
import { graphEvents, type GraphEvent } from './graph-events.js';
import { graphPushdown } from './graph-pushdown.js';
import { graphWindow } from './graph-window.js';
import { writePaced } from './write-paced.js';

export interface GraphSearchOptions {
  /** The filter flags as typed (the values pushed down to Graph). */
  input: EventFilterInput;
  /** The same, resolved: what every record is matched with locally. */
  filter: ResolvedFilter;
  format: 'table' | 'csv' | 'jsonl';
  limit: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The matching events of Graph's seven days, newest first, from a reader built as `export` builds it (the
 * AZURE_* variables, the services, the 5 per 10 s budget, retries and Retry-After). Prints the retention
 * notice when --since reached further back; with `progress`, a progress line of the pages read.
 */
export async function openGraphEvents(
  input: EventFilterInput,
  filter: ResolvedFilter,
  context: CommandContext,
  options: { progress?: boolean } = {},
) {
  const config = await loadConfig(context.env);
  const { window, notice } = graphWindow(filter, context.clock.now());
  if (notice) context.stderr.write(notice);
  const pushdown = graphPushdown(input);
  const reader = new GraphAuditReader({
    tokenProvider: createTokenProvider(config.connection, { logger: context.logger }),
    graphBaseUrl: resolveEndpoints(config.connection).graphBaseUrl,
    services: config.services,
    clock: context.clock,
    logger: context.logger,
  });
  const events: AsyncIterable<GraphEvent> = window
    ? graphEvents({
        reader,
        window,
        clauses: pushdown.clauses,
        filter,
        signal: context.signal,
        // Only while nothing streams to stdout: the line would land between records on a terminal.
        ...(options.progress
          ? {
              onPage: () =>
                context.progress.update(
                  `Microsoft Graph: ${reader.stats.pages} pages, ${reader.stats.events.toLocaleString('en-US')} events read`,
                ),
            }
          : {}),
      })
    : (async function* () {})();
  return { events, reader, window, pushdown };
}

/**
 * `events --graph`: the matching events of the last seven days straight from Microsoft Graph, newest
 * first, in the formats an archive search prints. The request sequences stop once `limit` events
 * matched (one more for the table, to say whether more match).
 */
export async function searchGraph(options: GraphSearchOptions, context: CommandContext): Promise<void> {
  const { filter, format, limit } = options;
  const { events, reader, window, pushdown } = await openGraphEvents(options.input, filter, context, {
    progress: format === 'table',
  });

  let shown = 0;
  let more = false;
  try {
    if (format === 'table') {
      const rows = [];
      for await (const event of events) {
        if (rows.length === limit) {
          more = true;
          break;
        }
        rows.push(event.row);
      }
      shown = rows.length;
      context.stdout.write(formatEventsTable(rows, context.stdout.columns ?? 160));
    } else {
      // A byte-order mark, so that Excel reads the file as UTF-8.
      if (format === 'csv') await writePaced(context.stdout, `\uFEFF${csvRecord(csvHeader)}`, context.signal);
      for await (const event of events) {
        const line = format === 'csv' ? csvProjection.ofRow(event.row) : `${JSON.stringify(event.raw)}\n`;
        await writePaced(context.stdout, line, context.signal);
        if (++shown === limit) break;
      }
    }
  } finally {
    context.progress.clear();
  }
  const by = ['the time window', 'the services', ...pushdown.flags].join(', ');
  const span = window
    ? `${iso(window.from)} – ${iso(window.to)}`
    : 'nothing (the window lies outside the 7 days Graph keeps)';
  context.stderr.write(
    `${shown} event${shown === 1 ? '' : 's'}, newest first` +
      (more ? '; more match: raise --limit or narrow the filters.\n' : '.\n') +
      `notice: answered by Microsoft Graph for ${span} (${reader.stats.requests} request${reader.stats.requests === 1 ? '' : 's'}); ` +
      `Graph filtered by ${by}, the other filters were applied here.\n`,
  );
}
