import { randomBytes } from 'node:crypto';
import { access, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { DirectoryAudit } from '../events/directory-audit.js';
import { archiveTimeOf } from './archive-layout.js';
import { toArchiveIoError } from './archive-io-error.js';
import { syncDirectory, writeFileDurably } from './durable-file.js';

const gzipAsync = promisify(gzip);

export interface ArchiveWriterOptions {
  /** The archive root; created on the first write. One directory per tenant. */
  dir: string;
  /**
   * The tenant id the events belong to: recorded in `DIR/.archive-tenant.json` before the first part,
   * when the archive does not name one yet, so that readers can refuse the archive for another tenant.
   */
  tenant?: string;
}

/** Where a writer records its archive's tenant (`{ "tenant": "<id>" }`); `export` has its state file instead. */
export const archiveTenantFileName = '.archive-tenant.json';

/**
 * Appends raw events to a day-partitioned gzip JSONL archive (layout in archive-layout.ts). Each
 * `write` adds one new part per UTC day it touches and never rewrites a part, so a crash loses at
 * most the call in progress and never leaves a partial file under a final name. Dedup is the
 * caller's job (ArchiveSeenStore); the writer stores what it is given, verbatim.
 */
export class ArchiveWriter {
  readonly dir: string;
  readonly #knownDays = new Set<string>();
  readonly #tenant: string | undefined;
  #tenantRecorded = false;

  constructor(options: ArchiveWriterOptions) {
    if (typeof options?.dir !== 'string' || options.dir.trim() === '') {
      throw new TypeError('ArchiveWriter: `dir` must be a non-empty directory path.');
    }
    this.dir = resolve(options.dir);
    this.#tenant = options.tenant;
  }

  /** Writes `events` and resolves with the part files created, once they are durable. */
  async write(events: readonly DirectoryAudit[]): Promise<{ files: string[] }> {
    const byDay = new Map<string, { first: { compact: string; sortKey: string }; lines: string[] }>();
    for (const event of events) {
      const time = archiveTimeOf(event.activityDateTime);
      if (!time) {
        throw new RangeError(
          `ArchiveWriter: event ${JSON.stringify(event.id)} has activityDateTime ${JSON.stringify(event.activityDateTime)}, ` +
            'which is not an ISO-8601 date-time; events are filed by their UTC day, so pass only validated Graph records.',
        );
      }
      const group = byDay.get(time.day);
      if (group === undefined) {
        byDay.set(time.day, { first: time, lines: [JSON.stringify(event)] });
      } else {
        if (time.sortKey < group.first.sortKey) group.first = time;
        group.lines.push(JSON.stringify(event));
      }
    }

    const files: string[] = [];
    for (const day of [...byDay.keys()].sort()) {
      const group = byDay.get(day)!;
      await this.#ensureDayDirectory(day);
      await this.#recordTenant();
      const name = `part-${group.first.compact}-${randomBytes(4).toString('hex')}.jsonl.gz`;
      const path = join(this.dir, day, name);
      await writeFileDurably(path, await gzipAsync(`${group.lines.join('\n')}\n`));
      files.push(path);
    }
    return { files };
  }

  /** Writes the tenant file once, before the first part, unless the archive already has one. */
  async #recordTenant(): Promise<void> {
    if (this.#tenantRecorded || this.#tenant === undefined) return;
    const path = join(this.dir, archiveTenantFileName);
    const present = await access(path).then(
      () => true,
      () => false,
    );
    if (!present) await writeFileDurably(path, `${JSON.stringify({ tenant: this.#tenant })}\n`);
    this.#tenantRecorded = true;
  }

  /** Creates the day directory once and makes its entry durable before any part is renamed into it. */
  async #ensureDayDirectory(day: string): Promise<void> {
    if (this.#knownDays.has(day)) return;
    const dayDir = join(this.dir, day);
    let created: string | undefined;
    try {
      created = await mkdir(dayDir, { recursive: true });
    } catch (error) {
      throw toArchiveIoError('create', dayDir, error);
    }
    if (created !== undefined) {
      // mkdir -p may have created the root too; then its own entry needs syncing in its parent.
      if (created !== dayDir) await syncDirectory(dirname(this.dir));
      await syncDirectory(this.dir);
    }
    this.#knownDays.add(day);
  }
}
