import { indexArchive } from '@b2c-alerts/investigate';
import { dayMs, generatedArchive, investigationEvents, type GeneratedArchive } from '@b2c-alerts/testkit';

export const archiveStart = Date.parse('2026-04-01T00:00:00Z');
/** Three closed, indexed days and the open fourth one (answered from its parts). */
export const archiveNow = archiveStart + 3 * dayMs + 12 * 3_600_000;

/** A generated four-day archive with the investigation fixtures planted on 2026-04-02, indexed. */
export async function consoleArchive(): Promise<GeneratedArchive> {
  const archive = await generatedArchive({
    start: archiveStart,
    days: 4,
    eventsPerHour: 60,
    extra: investigationEvents('2026-04-02'),
  });
  await indexArchive({ archiveDir: archive.dir, now: () => archiveNow });
  return archive;
}
