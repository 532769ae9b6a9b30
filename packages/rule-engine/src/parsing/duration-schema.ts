import { z } from 'zod';
import { durationPattern, parseDuration } from './parse-duration.js';

/** A duration like `10m`, `1h30m` or `7d`; the loader turns it into milliseconds. */
export const durationSchema = z
  .string({
    error: (issue) =>
      typeof issue.input === 'number'
        ? `invalid duration ${issue.input}: it has no unit; write for example ${issue.input === 0 ? '10m' : `${issue.input}s or ${issue.input}m`} (units: w, d, h, m, s)`
        : undefined,
  })
  .check((ctx) => {
    try {
      parseDuration(ctx.value);
    } catch (error) {
      ctx.issues.push({ code: 'custom', message: (error as Error).message, input: ctx.value, continue: true });
    }
  })
  .meta({
    id: 'Duration',
    description: 'Whole numbers with units w, d, h, m, s, largest first: 30s, 10m, 1h, 7d, 1h30m.',
    pattern: durationPattern,
    examples: ['10m', '1h', '1h30m', '7d'],
  });
