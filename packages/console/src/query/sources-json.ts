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
    skipped: sources.skipped.map((s) => ({ day: basename(dirname(s.file)), part: basename(s.file), reason: s.reason })),
  };
}
