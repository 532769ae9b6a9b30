import { basename, dirname } from 'node:path';
import type { SearchSources } from '@b2c-alerts/investigate';

/** Where an answer came from, without the server's paths: skipped parts by day and file name. */
export interface SourcesJson {
  indexDays: string[];
  rawDays: Array<{ day: string; reason: string }>;
  skipped: Array<{ day: string; part: string; reason: string }>;
}

export function sourcesJson(sources: SearchSources): SourcesJson {
  return {
    indexDays: [...sources.indexDays],
    rawDays: sources.rawDays.map((d) => ({ day: d.day, reason: d.reason })),
    skipped: sources.skipped.map((s) => {
      const day = basename(dirname(s.file));
      const part = basename(s.file);
      // The reader's reason names the file by its path on the server: the client is told day/part only.
      return { day, part, reason: s.reason.split(s.file).join(`${day}/${part}`) };
    }),
  };
}
