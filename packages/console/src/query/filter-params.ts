import { isInvestigateError, resolveFilter, type EventFilterInput, type ResolvedFilter } from '@b2c-alerts/investigate';
import { ApiError } from '../errors/api-error.js';

/** How each filter query parameter becomes a field of investigate's EventFilter. */
const filterParams = {
  since: { field: 'since', kind: 'time' },
  until: { field: 'until', kind: 'time' },
  category: { field: 'category', kind: 'list' },
  activity: { field: 'activity', kind: 'repeat' },
  activityLike: { field: 'activityLike', kind: 'one' },
  result: { field: 'result', kind: 'list' },
  actor: { field: 'actor', kind: 'one' },
  target: { field: 'target', kind: 'one' },
  targetType: { field: 'targetType', kind: 'one' },
  ip: { field: 'ip', kind: 'one' },
  policy: { field: 'policy', kind: 'one' },
  app: { field: 'app', kind: 'one' },
  correlationId: { field: 'correlationId', kind: 'one' },
  ids: { field: 'ids', kind: 'list' },
  detail: { field: 'details', kind: 'detail' },
  text: { field: 'text', kind: 'one' },
} as const;

export type FilterParam = keyof typeof filterParams;
export const filterParamNames = Object.keys(filterParams) as FilterParam[];

/** The query parameter that sets an EventFilter field (`details` is set by `detail`). */
export function paramOfField(field: string | undefined): string {
  if (field === undefined) return 'filter';
  return Object.entries(filterParams).find(([, p]) => p.field === field)?.[0] ?? field;
}

/** At most this many values of one parameter; the filter schema bounds them again. */
const maxValues = 100;

/**
 * The EventFilter a query string asks for, checked and resolved. `extra` names the other parameters the
 * route takes (limit, before…); any other name is refused (`unknown_filter`), as is a single-valued
 * parameter given twice. Problems are 400s naming the parameter, with investigate's message.
 */
export function filterOfQuery(
  query: URLSearchParams,
  extra: readonly string[],
  now: number,
): { filter: ResolvedFilter; input: EventFilterInput } {
  const input: Record<string, unknown> = {};
  for (const name of new Set(query.keys())) {
    if (extra.includes(name)) continue;
    const param = (filterParams as Record<string, (typeof filterParams)[FilterParam] | undefined>)[name];
    if (param === undefined) {
      throw new ApiError(
        400,
        'unknown_filter',
        `${name}: is not a filter; the filters are ${filterParamNames.join(', ')}${extra.length > 0 ? `, and this route also takes ${extra.join(', ')}` : ''}.`,
        { field: name },
      );
    }
    // An empty field of a form is no filter (`actor=` is left out, not refused).
    const values = query.getAll(name).filter((v) => v.trim() !== '');
    if (values.length === 0) continue;
    if (values.length > maxValues)
      throw new ApiError(400, 'invalid_parameter', `${name}: give at most ${maxValues} values.`, { field: name });
    switch (param.kind) {
      case 'one':
      case 'time': {
        if (values.length > 1) {
          throw new ApiError(400, 'invalid_parameter', `${name}: give it once.`, { field: name });
        }
        const value = values[0]!;
        input[param.field] = param.kind === 'time' && /^\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : value;
        break;
      }
      case 'repeat':
        input[param.field] = values;
        break;
      case 'list':
        input[param.field] = values
          .flatMap((v) => v.split(','))
          .map((v) => v.trim())
          .filter((v) => v !== '');
        if ((input[param.field] as string[]).length === 0) {
          throw new ApiError(400, 'invalid_parameter', `${name}: give at least one value.`, { field: name });
        }
        break;
      case 'detail':
        input[param.field] = values.map((v) => {
          const at = v.indexOf('=');
          if (at <= 0) {
            throw new ApiError(
              400,
              'invalid_parameter',
              `${name}: write KEY=VALUE, like detail=PolicyId=B2C_1A_signin.`,
              {
                field: name,
              },
            );
          }
          return { key: v.slice(0, at), value: v.slice(at + 1) };
        });
        break;
    }
  }
  try {
    return { filter: resolveFilter(input, { now }), input: input as EventFilterInput };
  } catch (error) {
    if (isInvestigateError(error) && error.code === 'IV_ERR_FILTER_INVALID') {
      const field = paramOfField(error.field);
      const message = error.message.replace(/^[A-Za-z.]+: /, '');
      throw new ApiError(400, 'invalid_parameter', `${field}: ${message}`, { field, cause: error });
    }
    throw error;
  }
}
