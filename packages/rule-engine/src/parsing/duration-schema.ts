import { durationTextSchema } from './duration-text-schema.js';
import { durationPattern, parseDuration } from './parse-duration.js';

/**
 * A duration like `90m`, `1h30m`, `1.5h` or `7d`; the loader turns it into milliseconds. A YAML number
 * (`window: 60`) gets parseDuration's own no-unit message, as the same text in quotes would.
 */
export const durationSchema = durationTextSchema((text) => parseDuration(text), {
  id: 'Duration',
  description:
    'One or more <number><unit> terms, largest unit first, decimals allowed (units ms, s, m, h, d, w): 30s, 90m, 1h30m, 1.5h, 7d.',
  pattern: durationPattern,
  examples: ['10m', '1h', '1h30m', '1.5h', '7d'],
});
