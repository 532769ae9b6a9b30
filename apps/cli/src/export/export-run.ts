import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  ArchiveCheckpointStore,
  ArchiveLock,
  ArchiveQuarantine,
  ArchiveSeenStore,
  ArchiveWriter,
  GraphAuditReader,
  createTokenProvider,
  defaultPollWindowOptions,
  planWindow,
  pollWindow,
  quarantineDirectoryName,
  resolveEndpoints,
  type Clock,
  type DirectoryAudit,
  type PollWindowOptions,
  type QuarantineItem,
  type RateLimit,
} from '@b2c-alerts/audit-client';
import type { Logger } from 'pino';
import type { CliConfig } from '../env.js';
import type { Progress } from '../progress.js';
import type { ExportSummary } from './export-summary.js';

export interface ExportOptions {
  /** Where a first export starts (epoch ms). A rerun resumes from the saved watermark instead. */
  since: number;
  /** Where the export stops (epoch ms); default: as close to now as Graph's publication delay allows. */
  until?: number;
  out: string;
  /** The tenant's name in the summary and logs; default the tenant id. */
  tenantLabel?: string;
  /** Client-side request budget for the tenant; default Graph's 5 per 10 s. */
  rateLimit?: RateLimit | false;
  /** Window sizes; default defaultPollWindowOptions. */
  window?: PollWindowOptions;
}

export interface ExportDeps {
  config: CliConfig;
  clock: Clock;
  logger: Logger;
  progress: Progress;
  signal: AbortSignal;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One `export` run: reads every window from the saved watermark (or `since`) up to a horizon fixed
 * at the start, `min(now, until + delay)`, so the run ends even while new events keep arriving.
 * Each window goes through pollWindow with the archive as sink, seen store and checkpoint; the
 * summary stays readable when the run fails or is interrupted. The run holds `DIR/.export.lock`
 * throughout, so a second export into the same directory fails at once instead of writing twice.
 * Records Graph sends without an id or a valid activityDateTime go to `DIR/quarantine/`.
 */
export class ExportRun {
  readonly summary: ExportSummary;
  readonly #options: ExportOptions;
  readonly #deps: ExportDeps;
  readonly #window: PollWindowOptions;
  readonly #started = performance.now();
  #reader: GraphAuditReader | undefined;
  #horizon = 0;
  #firstFrom = 0;

  constructor(options: ExportOptions, deps: ExportDeps) {
    this.#options = options;
    this.#deps = deps;
    this.#window = options.window ?? defaultPollWindowOptions;
    this.summary = {
      status: 'failed',
      tenant: options.tenantLabel ?? deps.config.connection.tenantId,
      out: options.out,
      events: 0,
      duplicates: 0,
      pages: 0,
      requests: 0,
      retries: 0,
      throttledSeconds: 0,
      windows: 0,
      files: 0,
      quarantined: 0,
      elapsedSeconds: 0,
    };
  }

  async execute(): Promise<ExportSummary> {
    const log = this.#deps.logger.child({ command: 'export', tenant: this.summary.tenant });
    try {
      const lock = await ArchiveLock.acquire({
        dir: this.#options.out,
        now: () => this.#deps.clock.now(),
        logger: log,
      });
      try {
        await this.#run(log);
      } finally {
        await lock.release();
      }
      this.summary.status = 'completed';
    } catch (error) {
      this.summary.status = this.#deps.signal.aborted ? 'interrupted' : 'failed';
      throw error;
    } finally {
      this.#refreshStats();
      if (this.summary.quarantined > 0) {
        log.warn(
          { quarantined: this.summary.quarantined, dir: join(this.#options.out, quarantineDirectoryName) },
          'graph sent records that could not be archived; they are in quarantine',
        );
      }
    }
    return this.summary;
  }

  async #run(log: Logger): Promise<void> {
    const { config, clock, signal } = this.#deps;
    const { out, since, until } = this.#options;

    const checkpoint = new ArchiveCheckpointStore({ dir: out, tenant: config.connection.tenantId });
    let watermark = await checkpoint.claim(); // refuses another tenant's directory, else marks it this tenant's
    this.#horizon = Math.min(
      clock.now(),
      until === undefined ? Number.POSITIVE_INFINITY : until + this.#window.delayMs,
    );
    if (watermark !== undefined) this.summary.watermark = iso(watermark);

    const first = planWindow(watermark, this.#horizon, this.#windowFor(watermark));
    if (!first) {
      log.info({ out, watermark: this.summary.watermark }, 'export has nothing new to read');
      return;
    }
    this.#firstFrom = first.from;
    this.summary.from = iso(first.from);
    log.info(
      { out, from: this.summary.from, to: iso(this.#horizon - this.#window.delayMs), resumed: watermark !== undefined },
      'export started',
    );

    const quarantine = await ArchiveQuarantine.open({ dir: out, sinceMs: first.from, now: () => clock.now() });
    const onQuarantine = async (item: QuarantineItem) => {
      const file = await quarantine.add(item);
      if (file === undefined) return; // already quarantined by an earlier window or run
      this.summary.quarantined += 1;
      log.warn({ reason: item.reason, file }, 'graph record or page could not be archived; kept in quarantine');
    };
    const tokenProvider = createTokenProvider(config.connection, { logger: log });
    const reader = new GraphAuditReader({
      tokenProvider,
      graphBaseUrl: resolveEndpoints(config.connection).graphBaseUrl,
      services: config.services,
      clock,
      logger: log,
      onQuarantine,
      ...(this.#options.rateLimit !== undefined ? { rateLimit: this.#options.rateLimit } : {}),
    });
    this.#reader = reader;
    const seen = await ArchiveSeenStore.open({ dir: out, sinceMs: first.from });
    const writer = new ArchiveWriter({ dir: out });
    let current = first;
    const sink = async (events: DirectoryAudit[]) => {
      const { files } = await writer.write(events);
      this.summary.events += events.length;
      this.summary.files += files.length;
      this.#showProgress(current.to);
    };

    for (;;) {
      const before = watermark;
      const result = await pollWindow({
        reader,
        checkpoint,
        seen,
        sink,
        now: this.#horizon,
        window: this.#windowFor(before),
        signal,
      });
      if (!result) break;
      current = result.window;
      this.summary.windows += 1;
      this.summary.duplicates += result.duplicates;
      if (result.clampedFrom !== undefined) this.#reportGap(before ?? since, result.clampedFrom, log);
      watermark = result.window.to;
      this.summary.watermark = iso(watermark);
      // The next window starts no earlier than watermark − overlap; older ids cannot come back.
      seen.forget(watermark - this.#window.overlapMs);
      log.debug(
        {
          from: iso(result.window.from),
          to: iso(result.window.to),
          pages: result.pages,
          delivered: result.delivered,
          duplicates: result.duplicates,
        },
        'export window done',
      );
      this.#showProgress(watermark);
      if (before !== undefined && watermark <= before) break; // cannot happen with planWindow; never loop forever
    }
    log.info(
      { events: this.summary.events, files: this.summary.files, watermark: this.summary.watermark },
      'export finished',
    );
  }

  /** A first export starts exactly at `since`: there is no earlier window whose late events to re-read. */
  #windowFor(watermark: number | undefined): PollWindowOptions {
    if (watermark !== undefined) return this.#window;
    return { ...this.#window, overlapMs: 0, initialLookbackMs: Math.max(0, this.#horizon - this.#options.since) };
  }

  #reportGap(from: number, to: number, log: Logger): void {
    if (to <= from) return;
    const gap = this.summary.retentionGap;
    const start = gap ? Math.min(Date.parse(gap.from), from) : from;
    const end = gap ? Math.max(Date.parse(gap.to), to) : to;
    this.summary.retentionGap = { from: iso(start), to: iso(end) };
    log.warn({ gapFrom: iso(from), gapTo: iso(to) }, 'events older than graph retention were not exported');
  }

  #refreshStats(): void {
    const stats = this.#reader?.stats;
    if (stats) {
      this.summary.pages = stats.pages;
      this.summary.requests = stats.requests;
      this.summary.retries = stats.retries;
      this.summary.throttledSeconds = Math.round(stats.throttledMs / 100) / 10;
    }
    this.summary.elapsedSeconds = Math.round((performance.now() - this.#started) / 100) / 10;
  }

  #showProgress(reachedMs: number): void {
    const { progress } = this.#deps;
    if (!progress.active) return;
    this.#refreshStats();
    const end = this.#horizon - this.#window.delayMs;
    const done =
      end > this.#firstFrom ? Math.min(1, Math.max(0, (reachedMs - this.#firstFrom) / (end - this.#firstFrom))) : 1;
    const s = this.summary;
    progress.update(
      `export ${Math.floor(done * 100)}% · up to ${iso(reachedMs).slice(0, 16)}Z · ${s.events} events · ${s.files} files · ` +
        `${s.pages} pages · ${s.retries} retries · ${s.throttledSeconds.toFixed(1)} s throttled`,
    );
  }
}
