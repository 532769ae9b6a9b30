import { z } from 'zod';
import { durationPattern, parseDuration } from './parse-duration.js';

/** parseDuration's message for `text`, or undefined when it reads. */
export function durationIssue(text: string, allowZero = false): string | undefined {
  try {
    parseDuration(text, { allowZero });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * A duration like `90m`, `1h30m`, `1.5h` or `7d`; the loader turns it into milliseconds. A YAML number
 * (`window: 60`) gets parseDuration's own no-unit message, as the same text in quotes would.
 */
export const durationSchema = z
  .string({ error: (issue) => (typeof issue.input === 'number' ? durationIssue(String(issue.input)) : undefined) })
  .check((ctx) => {
    const message = durationIssue(ctx.value);
    if (message !== undefined) ctx.issues.push({ code: 'custom', message, input: ctx.value, continue: true });
  })
  .meta({
    id: 'Duration',
    description:
      'One or more <number><unit> terms, largest unit first, decimals allowed (units ms, s, m, h, d, w): 30s, 90m, 1h30m, 1.5h, 7d.',
    pattern: durationPattern,
    examples: ['10m', '1h', '1h30m', '1.5h', '7d'],
  });
