import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { CheckpointStore } from '../polling/checkpoint-store.js';
import { AuditClientError } from '../errors/audit-client-error.js';
import { toArchiveIoError } from './archive-io-error.js';
import { writeFileDurably } from './durable-file.js';

export interface ArchiveCheckpointStoreOptions {
  /** The archive root. */
  dir: string;
  /** The tenant whose events this directory holds (id or domain); another tenant is refused. */
  tenant: string;
}

/** `DIR/.export-state.json`. The watermark is an ISO date-time so people can read it. */
export const archiveStateFileName = '.export-state.json';

const stateSchema = z.object({
  version: z.literal(1),
  tenant: z.string().min(1),
  watermark: z.iso.datetime({ offset: true }).optional(),
});

/**
 * The export watermark, kept next to the archive it describes and written atomically (tmp, fsync,
 * rename). Owned by one tenant: opening the directory for another tenant throws
 * AC_ERR_OPTIONS_INVALID before anything is read or written, so two tenants never share a dedup set.
 * Call `claim` when a run starts, so the directory is the tenant's even if the run fails early.
 */
export class ArchiveCheckpointStore implements CheckpointStore {
  readonly dir: string;
  readonly tenant: string;
  readonly #file: string;
  #loaded: Promise<number | undefined> | undefined;
  #watermark: number | undefined;
  #claimed = false;

  constructor(options: ArchiveCheckpointStoreOptions) {
    if (typeof options?.dir !== 'string' || options.dir.trim() === '') {
      throw new TypeError('ArchiveCheckpointStore: `dir` must be a non-empty directory path.');
    }
    if (typeof options.tenant !== 'string' || options.tenant.trim() === '') {
      throw new TypeError('ArchiveCheckpointStore: `tenant` must be the tenant id or domain.');
    }
    this.dir = resolve(options.dir);
    this.tenant = options.tenant.trim();
    this.#file = join(this.dir, archiveStateFileName);
  }

  async getWatermark(): Promise<number | undefined> {
    this.#loaded ??= this.#load();
    await this.#loaded;
    return this.#watermark;
  }

  /**
   * Makes the directory this tenant's before anything is read from Graph: refuses another tenant's
   * (AC_ERR_OPTIONS_INVALID), and when there is no state file yet writes one with the tenant and no
   * watermark. Returns the watermark, if any.
   */
  async claim(): Promise<number | undefined> {
    const watermark = await this.getWatermark();
    if (!this.#claimed) await this.#write(watermark);
    return watermark;
  }

  async setWatermark(ms: number): Promise<void> {
    if (!Number.isFinite(ms))
      throw new RangeError('ArchiveCheckpointStore.setWatermark: `ms` must be an epoch time in milliseconds.');
    this.#loaded ??= this.#load();
    await this.#loaded; // refuses a directory of another tenant before writing
    await this.#write(ms);
    this.#watermark = ms;
  }

  async #write(watermark: number | undefined): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true });
    } catch (error) {
      throw toArchiveIoError('create', this.dir, error);
    }
    const state = {
      version: 1,
      tenant: this.tenant,
      ...(watermark === undefined ? {} : { watermark: new Date(watermark).toISOString() }),
    };
    await writeFileDurably(this.#file, `${JSON.stringify(state, null, 2)}\n`);
    this.#claimed = true;
  }

  async #load(): Promise<number | undefined> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw toArchiveIoError('read', this.#file, error);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw this.#corrupt('it is not JSON', error);
    }
    const parsed = stateSchema.safeParse(json);
    if (!parsed.success)
      throw this.#corrupt('expected {"version":1,"tenant":…} with an optional "watermark":"<ISO date-time>"');
    if (parsed.data.tenant.toLowerCase() !== this.tenant.toLowerCase()) {
      throw new AuditClientError(
        'AC_ERR_OPTIONS_INVALID',
        `The archive directory ${this.dir} belongs to tenant ${parsed.data.tenant}, not ${this.tenant}. ` +
          'Use a separate archive directory for each tenant.',
      );
    }
    this.#claimed = true; // the state file already names this tenant
    this.#watermark = parsed.data.watermark === undefined ? undefined : Date.parse(parsed.data.watermark);
    return this.#watermark;
  }

  #corrupt(reason: string, cause?: unknown): AuditClientError {
    return new AuditClientError(
      'AC_ERR_ARCHIVE_CORRUPT',
      `The archive state file ${this.#file} is unreadable (${reason}). Fix it, or delete it to export again from the ` +
        'start (events already archived are not written twice).',
      cause === undefined ? undefined : { cause },
    );
  }
}
