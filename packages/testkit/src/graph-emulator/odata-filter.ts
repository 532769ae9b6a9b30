import { parseActivityTime, compareActivityTime, type ActivityTime } from '../date-time/activity-time.js';

/**
 * The `$filter` subset the emulator understands: clauses joined by `and` (optionally parenthesised),
 * `activityDateTime` with eq/ge/gt/le/lt and a bare date-time literal, and `eq` on the plain string
 * properties. Anything else is refused the way Graph refuses it: HTTP 400 "Invalid filter clause".
 */
export interface AuditFilter {
  from?: TimeBound;
  to?: TimeBound;
  equals: Array<{ property: StringProperty; value: string }>;
}

export interface TimeBound {
  time: ActivityTime;
  inclusive: boolean;
}

export type StringProperty =
  | 'id'
  | 'activityDisplayName'
  | 'category'
  | 'correlationId'
  | 'loggedByService'
  | 'operationType'
  | 'result'
  | 'resultReason';

const stringProperties = new Set<string>([
  'id',
  'activityDisplayName',
  'category',
  'correlationId',
  'loggedByService',
  'operationType',
  'result',
  'resultReason',
]);
/** Real directoryAudit properties we do not filter on; Graph's message differs from an unknown name. */
const otherProperties = new Set<string>(['initiatedBy', 'targetResources', 'additionalDetails', 'userAgent']);
const timeOperators = new Set(['eq', 'ge', 'gt', 'le', 'lt']);
const operatorKinds: Record<string, string> = {
  eq: 'Equal',
  ne: 'NotEqual',
  ge: 'GreaterThanOrEqual',
  gt: 'GreaterThan',
  le: 'LessThanOrEqual',
  lt: 'LessThan',
};

/** A `$filter` Graph would reject; `message` is Graph's own wording, ready for the 400 body. */
export class ODataFilterError extends Error {
  override readonly name = 'ODataFilterError';
  readonly code = 'invalid_filter';
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`Invalid filter clause: ${detail}`, options);
  }
}

type Token = { kind: 'word' | 'string' | 'open' | 'close'; text: string; at: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'open' : 'close', text: c, at: i });
      i++;
    } else if (c === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length)
          throw new ODataFilterError(`There is an unterminated string literal at position ${i} in '${text}'.`);
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      tokens.push({ kind: 'string', text: value, at: i });
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s()']/.test(text[j]!)) j++;
      tokens.push({ kind: 'word', text: text.slice(i, j), at: i });
      i = j;
    }
  }
  return tokens;
}

export function parseAuditFilter(text: string): AuditFilter {
  const tokens = tokenize(text);
  const filter: AuditFilter = { equals: [] };
  let pos = 0;
  let depth = 0;
  const syntax = (what: string): never => {
    throw new ODataFilterError(`Syntax error: ${what} in '${text}'.`);
  };
  if (tokens.length === 0) syntax('the filter is empty');

  for (;;) {
    while (tokens[pos]?.kind === 'open') {
      depth++;
      pos++;
    }
    const property = tokens[pos];
    const operator = tokens[pos + 1];
    const operand = tokens[pos + 2];
    if (!property || property.kind !== 'word')
      return syntax(`expected a property at position ${property?.at ?? text.length}`);
    if (!operator || operator.kind !== 'word') return syntax(`expected an operator after '${property.text}'`);
    if (!operand || (operand.kind !== 'word' && operand.kind !== 'string'))
      return syntax(`expected a literal after '${operator.text}'`);
    pos += 3;
    applyClause(filter, property.text, operator.text, operand);
    while (tokens[pos]?.kind === 'close') {
      depth--;
      pos++;
      if (depth < 0) syntax(`unbalanced ')' at position ${tokens[pos - 1]!.at}`);
    }
    const next = tokens[pos];
    if (!next) break;
    if (next.kind === 'word' && next.text === 'and') {
      pos++;
      continue;
    }
    if (next.kind === 'word' && next.text === 'or') syntax("'or' is not supported by this emulator");
    syntax(`unexpected '${next.text}' at position ${next.at}`);
  }
  if (depth !== 0) syntax("unbalanced '('");
  return filter;
}

function applyClause(filter: AuditFilter, property: string, operator: string, operand: Token): void {
  const kind = operatorKinds[operator];
  if (!kind) throw new ODataFilterError(`Syntax error: unknown operator '${operator}'.`);
  if (property === 'activityDateTime') {
    if (operand.kind === 'string') {
      throw new ODataFilterError(
        `A binary operator with incompatible types was detected. Found operand types 'Edm.DateTimeOffset' and 'Edm.String' for operator kind '${kind}'.`,
      );
    }
    if (!timeOperators.has(operator))
      throw new ODataFilterError(`Operator '${operator}' is not supported on property 'activityDateTime'.`);
    const time = parseActivityTime(operand.text);
    if (!time)
      throw new ODataFilterError(
        `The DateTimeOffset text '${operand.text}' should be in format 'yyyy-mm-ddThh:mm:ss('.'s+)?(zzzzzz)?' and each field value is within valid range.`,
      );
    if (operator === 'eq' || operator === 'ge' || operator === 'gt')
      tighten(filter, 'from', { time, inclusive: operator !== 'gt' });
    if (operator === 'eq' || operator === 'le' || operator === 'lt')
      tighten(filter, 'to', { time, inclusive: operator !== 'lt' });
    return;
  }
  if (stringProperties.has(property)) {
    if (operator !== 'eq')
      throw new ODataFilterError(`Operator '${operator}' is not supported on property '${property}'.`);
    if (operand.kind !== 'string') {
      throw new ODataFilterError(
        `A binary operator with incompatible types was detected. Found operand types 'Edm.String' and '${operand.text}' for operator kind '${kind}'.`,
      );
    }
    filter.equals.push({ property: property as StringProperty, value: operand.text });
    return;
  }
  if (otherProperties.has(property))
    throw new ODataFilterError(`Filtering on property '${property}' is not supported by this emulator.`);
  throw new ODataFilterError(`Could not find a property named '${property}' on type 'microsoft.graph.directoryAudit'`);
}

function tighten(filter: AuditFilter, side: 'from' | 'to', bound: TimeBound): void {
  const current = filter[side];
  if (!current) {
    filter[side] = bound;
    return;
  }
  const c = compareActivityTime(bound.time, current.time);
  const tighter = side === 'from' ? c > 0 || (c === 0 && !bound.inclusive) : c < 0 || (c === 0 && !bound.inclusive);
  if (tighter) filter[side] = bound;
}
