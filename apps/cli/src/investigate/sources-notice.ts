import type { SearchSources } from '@b2c-alerts/investigate';
import { displayPath } from '../text/display-path.js';
import { escapeControlChars } from '../text/escape-control-chars.js';

const reasons = {
  open: 'the open day, not indexed yet',
  missing: 'not indexed',
  stale: 'parts added or changed since it was indexed',
  corrupt: 'its index file is unreadable',
} as const;

/**
 * What stderr says about where an answer came from, when it was not the index alone: days read from
 * their raw parts (and why), and parts skipped because they cannot be read. Empty when there is nothing to say.
 */
export function formatSourcesNotice(sources: SearchSources): string {
  const lines: string[] = [];
  const rebuild = sources.rawDays.some((d) => d.reason !== 'open');
  for (const d of [...sources.rawDays].sort((a, b) => (a.day < b.day ? 1 : -1))) {
    lines.push(`notice: ${d.day} answered from its raw parts (${reasons[d.reason]}).`);
  }
  if (rebuild) lines.push('notice: run `b2c-alerts archive index --archive DIR` to bring the index up to date.');
  for (const s of sources.skipped) {
    lines.push(`warning: skipped ${escapeControlChars(displayPath(s.file))}: ${escapeControlChars(s.reason)}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
