import type { Sources } from '../../api/api-types.js';
import { notice } from '../notice.js';

/** Says when the answer came (partly) from raw parts, or skipped damaged parts; null when all is indexed. */
export function sourcesNotice(sources: Sources | undefined): HTMLElement | null {
  if (!sources) return null;
  const lines: string[] = [];
  if (sources.rawDays.length > 0) {
    lines.push(
      `Read from the raw parts (no current index): ${sources.rawDays.map((d) => `${d.day} (${d.reason})`).join(', ')}.`,
    );
  }
  if (sources.skipped.length > 0) {
    lines.push(`Skipped damaged parts: ${sources.skipped.map((s) => `${s.day}/${s.part} (${s.reason})`).join(', ')}.`);
  }
  return lines.length === 0 ? null : notice('info', lines.join(' '));
}
