import { z } from 'zod';
import { isDateTime } from '../parsing/date-time-schema.js';
import { durationTextSchema, parseIssue } from '../parsing/duration-text-schema.js';
import { offsetPattern, parseOffset } from './parse-offset.js';

const offsetIssue = (text: string) => parseIssue(parseOffset, text);

/** A signed offset in a test's timeline: `+30s` after the previous event, `-5m` before it (a late event). */
export const offsetSchema = durationTextSchema(parseOffset, {
  id: 'Offset',
  description: 'A duration with an optional sign: +30s, -5m, +0s.',
  pattern: offsetPattern,
  examples: ['+30s', '+10m', '-5m'],
});

/** When to tick: an offset after the last event (`+2h`), or an absolute ISO date-time. */
export const tickSchema = z
  .string({ error: (issue) => (typeof issue.input === 'number' ? offsetIssue(String(issue.input)) : undefined) })
  .check((ctx) => {
    const text = ctx.value;
    if (/^\d{4}-/.test(text)) {
      if (!isDateTime(text))
        ctx.issues.push({
          code: 'custom',
          message: `expected an ISO-8601 date-time with an offset, like 2026-01-05T12:00:00Z, got '${text}'`,
          input: text,
        });
      return;
    }
    const message = offsetIssue(text);
    if (message !== undefined) ctx.issues.push({ code: 'custom', message, input: text });
  })
  .meta({
    id: 'Tick',
    description: 'An offset after the last event (+2h) or an ISO date-time: when the evaluator ticks (absence rules).',
    examples: ['+2h', '2026-01-05T12:00:00Z'],
  });

/** Milliseconds of a tick: an absolute time, or `last` plus its offset. */
export function tickTime(tick: string, last: number): number {
  return /^\d{4}-/.test(tick) ? Date.parse(tick) : last + parseOffset(tick);
}
