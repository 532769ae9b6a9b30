import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { indexArchive } from '@b2c-alerts/investigate';
import { dayMs, generatedArchive, investigationEvents, type GeneratedArchive } from '@b2c-alerts/testkit';
import { hostileEvents } from './hostile-events.js';

export const browserStart = Date.parse('2026-04-01T00:00:00Z');
/** Three closed, indexed days and the open fourth (read from its parts); the console's clock. */
export const browserNow = browserStart + 3 * dayMs + 12 * 3_600_000;
export const tenant = 'contosob2c.onmicrosoft.com';

/**
 * A generated multi-day archive for the browser tests and the screenshots: traffic over four days, the
 * investigation fixtures on 2026-04-02 and the hostile events on 2026-04-03, indexed as the worker would.
 */
export async function browserArchive(eventsPerHour = 30): Promise<GeneratedArchive> {
  const archive = await generatedArchive({
    start: browserStart,
    days: 4,
    eventsPerHour,
    extra: [...investigationEvents('2026-04-02'), ...hostileEvents('2026-04-03')],
  });
  await writeFile(join(archive.dir, '.export-state.json'), `${JSON.stringify({ version: 1, tenant })}\n`);
  await indexArchive({ archiveDir: archive.dir, now: () => browserNow });
  return archive;
}
