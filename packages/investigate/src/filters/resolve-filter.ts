import { parseDuration } from '@b2c-alerts/rule-engine';
import type { z } from 'zod';
import { InvestigateError } from '../errors/investigate-error.js';
import { b2cResourceTypes, canonicalCategories, categoryOfFilter } from './categories.js';
import { eventFilterSchema } from './event-filter.js';
import { foldCase } from './fold-case.js';
import { ipKeyRange } from './ip-key.js';
import type { ResolvedFilter } from './resolved-filter.js';
import { wellFormedValue } from '../rows/well-formed.js';

export interface ResolveFilterOptions {
  /** Epoch ms that relative times (`24h`, `7d`) count back from. */
  now: number;
}

// eslint-disable-next-line no-control-regex -- control characters are what is refused
const controlChars = /[\u0000-\u001f\u007f]/;

/**
 * Checks a filter (from a flag, a query string or a JSON body) and makes it ready to run. Any problem
 * throws IV_ERR_FILTER_INVALID with `field` set to the filter field and a message that says what to
 * write instead; nothing is run with a filter that did not resolve whole.
 */
export function resolveFilter(input: unknown, options: ResolveFilterOptions): ResolvedFilter {
  const parsed = eventFilterSchema.safeParse(input ?? {});
  if (!parsed.success) throw fromZod(parsed.error);
  // Rows hold a lone surrogate as U+FFFD (rows/well-formed.ts); so does the filter, on both paths alike.
  const f = wellFormedValue(parsed.data) as typeof parsed.data;
  const out: ResolvedFilter = {};
  if (f.since !== undefined) out.sinceUs = timeOf('since', f.since, options.now);
  if (f.until !== undefined) out.untilUs = timeOf('until', f.until, options.now);
  if (out.sinceUs !== undefined && out.untilUs !== undefined && out.untilUs < out.sinceUs) {
    throw invalid('until', 'is before since; give an end later than the start');
  }
  if (f.category) {
    out.categories = [
      ...new Set(
        f.category.map((name) => {
          const category = categoryOfFilter(name);
          if (category === undefined) {
            throw invalid(
              'category',
              `${JSON.stringify(name)} is not a category; use one of B2C's ${b2cResourceTypes.join(', ')} or ${canonicalCategories.join(', ')}`,
            );
          }
          return category;
        }),
      ),
    ];
  }
  if (f.activity) out.activities = f.activity.map(lower);
  if (f.activityLike !== undefined) out.activityLike = lower(f.activityLike);
  if (f.result) out.results = f.result.map(lower);
  if (f.actor !== undefined) out.actor = lower(f.actor);
  if (f.target !== undefined) out.target = lower(f.target);
  if (f.targetType !== undefined) out.targetType = lower(f.targetType);
  if (f.ip !== undefined) {
    const range = ipKeyRange(f.ip);
    if (!range) {
      throw invalid(
        'ip',
        `${JSON.stringify(f.ip)} is not an IP address or CIDR block; write one like 192.0.2.10, 192.0.2.0/24, 2001:db8::1 or 2001:db8::/32`,
      );
    }
    out.ip = range;
  }
  if (f.policy !== undefined) out.policy = lower(f.policy);
  if (f.app !== undefined) out.app = lower(f.app);
  if (f.correlationId !== undefined) out.correlationId = lower(f.correlationId);
  if (f.ids) out.ids = f.ids;
  if (f.details) out.details = f.details.map((d) => ({ key: lower(d.key), value: lower(d.value) }));
  if (f.text !== undefined) {
    if (controlChars.test(f.text)) throw invalid('text', 'holds control characters; search for printable text');
    out.text = lower(f.text);
  }
  return out;
}

function lower(value: string): string {
  return foldCase(value);
}

const isoPattern = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Epoch microseconds of a time bound. ISO without an offset is UTC, as Graph's times are. */
function timeOf(field: 'since' | 'until', value: string | number, now: number): number {
  if (typeof value === 'number') return Math.round(value) * 1000;
  if (isoPattern.test(value)) {
    const hasOffset = value.length > 10 && /(?:Z|[+-]\d{2}:?\d{2})$/i.test(value);
    const iso = value.replace(' ', 'T');
    const ms = Date.parse(hasOffset || value.length === 10 ? iso : `${iso}Z`);
    const realDate =
      !Number.isNaN(ms) &&
      new Date(Date.parse(`${value.slice(0, 10)}T00:00:00Z`)).toISOString().startsWith(value.slice(0, 10));
    // A date alone names the whole day: --until 2026-11-19 includes that day's events, as --since does.
    if (realDate) return field === 'until' && value.length === 10 ? (ms + 86_400_000) * 1000 - 1 : ms * 1000;
  } else if (/^\d/.test(value)) {
    try {
      return (now - parseDuration(value, { allowZero: true })) * 1000;
    } catch (error) {
      throw invalid(field, (error as Error).message, error);
    }
  }
  throw invalid(
    field,
    `${JSON.stringify(value)} is neither a duration back from now (like 90m, 24h, 7d) nor an ISO date-time (like 2026-11-20 or 2026-11-20T08:00:00Z)`,
  );
}

function invalid(field: string, message: string, cause?: unknown): InvestigateError {
  return new InvestigateError('IV_ERR_FILTER_INVALID', `${field}: ${message}.`, {
    field,
    ...(cause === undefined ? {} : { cause }),
  });
}

function fromZod(error: z.ZodError): InvestigateError {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    return invalid(
      issue.keys[0] ?? 'filter',
      `is not a filter; the filters are ${Object.keys(eventFilterSchema.shape).join(', ')}`,
    );
  }
  const field = issue.path.map(String).join('.') || 'filter';
  return invalid(field.split('.')[0]!, `${field === field.split('.')[0] ? '' : `${field}: `}${issue.message}`);
}
