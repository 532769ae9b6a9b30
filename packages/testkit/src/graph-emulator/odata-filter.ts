import { parseActivityTime, compareActivityTime, type ActivityTime } from '../date-time/activity-time.js';

/**
 * The `$filter` subset the emulator understands: clauses joined by `and` and `or` (`and` binds
 * tighter; parentheses group), `activityDateTime` with eq/ge/gt/le/lt and a bare date-time literal
 * (only where `and` joins it to the rest: never under an `or`), `eq` on the plain string properties
 * (`loggedByService` never under an `or`: Graph documents only `eq` on it),
 * on `initiatedBy/user/{id,userPrincipalName,displayName}` and `initiatedBy/app/{appId,displayName}`,
 * and `targetResources/any(t: t/id eq '…')` (or `t/displayName`). Anything else is refused the way
 * Graph refuses it: HTTP 400 "Invalid filter clause". String comparisons ignore case.
 */
export interface AuditFilter {
  from?: TimeBound;
  to?: TimeBound;
  /** Plain `eq` clauses joined to the whole filter by `and`. */
  equals: Array<{ property: StringProperty; value: string }>;
  /** The other conditions joined by `and`: every one must hold. */
  conditions: Condition[];
}

/** A condition on a record other than the time bounds. */
export type Condition =
  | { kind: 'eq'; path: readonly string[]; value: string }
  | { kind: 'any-target'; property: 'id' | 'displayName'; value: string }
  | { kind: 'and' | 'or'; items: Condition[] };

const initiatorPaths = new Set([
  'initiatedBy/user/id',
  'initiatedBy/user/userPrincipalName',
  'initiatedBy/user/displayName',
  'initiatedBy/app/appId',
  'initiatedBy/app/displayName',
]);
const targetProperties = new Set(['id', 'displayName']);

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

type Node =
  | { kind: 'time'; operator: string; time: ActivityTime }
  | { kind: 'eq'; property: StringProperty; value: string }
  | { kind: 'condition'; condition: Condition }
  | { kind: 'and' | 'or'; items: Node[] };

export function parseAuditFilter(text: string): AuditFilter {
  const tokens = tokenize(text);
  let pos = 0;
  const syntax = (what: string): never => {
    throw new ODataFilterError(`Syntax error: ${what} in '${text}'.`);
  };
  if (tokens.length === 0) syntax('the filter is empty');
  const isWord = (word: string) => tokens[pos]?.kind === 'word' && tokens[pos]!.text === word;

  const parseOr = (): Node => {
    const items = [parseAnd()];
    while (isWord('or')) {
      pos++;
      items.push(parseAnd());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  };
  const parseAnd = (): Node => {
    const items = [parsePrimary()];
    while (isWord('and')) {
      pos++;
      items.push(parsePrimary());
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  };
  const parsePrimary = (): Node => {
    if (tokens[pos]?.kind === 'open') {
      pos++;
      const inner = parseOr();
      if (tokens[pos]?.kind !== 'close') syntax("unbalanced '('");
      pos++;
      return inner;
    }
    const property = tokens[pos];
    if (!property || property.kind !== 'word')
      return syntax(`expected a property at position ${property?.at ?? text.length}`);
    pos++;
    if (property.text === 'targetResources/any' && tokens[pos]?.kind === 'open') return parseTargetAny();
    const operator = tokens[pos];
    const operand = tokens[pos + 1];
    if (!operator || operator.kind !== 'word') return syntax(`expected an operator after '${property.text}'`);
    if (!operand || (operand.kind !== 'word' && operand.kind !== 'string'))
      return syntax(`expected a literal after '${operator.text}'`);
    pos += 2;
    return clause(property.text, operator.text, operand);
  };
  /** `targetResources/any(t: t/id eq 'x')`, positioned at the '('. */
  const parseTargetAny = (): Node => {
    pos++;
    const variable = tokens[pos];
    if (!variable || variable.kind !== 'word') return syntax("expected a range variable after 'any('");
    let name = variable.text;
    pos++;
    if (name.endsWith(':')) name = name.slice(0, -1);
    else if (isWord(':')) pos++;
    else syntax("expected ':' after the range variable");
    const property = tokens[pos];
    const operator = tokens[pos + 1];
    const operand = tokens[pos + 2];
    if (!property || property.kind !== 'word' || !property.text.startsWith(`${name}/`))
      return syntax(`expected '${name}/<property>' in the lambda`);
    if (!operator || operator.kind !== 'word' || !operand) return syntax('expected a comparison in the lambda');
    pos += 3;
    if (tokens[pos]?.kind !== 'close') syntax("unbalanced '(' in the lambda");
    pos++;
    const sub = property.text.slice(name.length + 1);
    if (!targetProperties.has(sub))
      throw new ODataFilterError(`Filtering on property 'targetResources/${sub}' is not supported by this emulator.`);
    if (operator.text !== 'eq')
      throw new ODataFilterError(`Operator '${operator.text}' is not supported on property 'targetResources/${sub}'.`);
    if (operand.kind !== 'string') return syntax(`expected a string literal after '${operator.text}'`);
    return {
      kind: 'condition',
      condition: { kind: 'any-target', property: sub as 'id' | 'displayName', value: operand.text },
    };
  };

  const tree = parseOr();
  if (pos < tokens.length) {
    const next = tokens[pos]!;
    syntax(
      next.kind === 'close'
        ? `unbalanced ')' at position ${next.at}`
        : `unexpected '${next.text}' at position ${next.at}`,
    );
  }
  const filter: AuditFilter = { equals: [], conditions: [] };
  const conjuncts = (node: Node): Node[] => (node.kind === 'and' ? node.items.flatMap(conjuncts) : [node]);
  for (const node of conjuncts(tree)) {
    if (node.kind === 'time') {
      if (node.operator === 'eq' || node.operator === 'ge' || node.operator === 'gt')
        tighten(filter, 'from', { time: node.time, inclusive: node.operator !== 'gt' });
      if (node.operator === 'eq' || node.operator === 'le' || node.operator === 'lt')
        tighten(filter, 'to', { time: node.time, inclusive: node.operator !== 'lt' });
    } else if (node.kind === 'eq') {
      filter.equals.push({ property: node.property, value: node.value });
    } else {
      filter.conditions.push(toCondition(node));
    }
  }
  return filter;
}

/** A node under an `or`: time bounds are refused there (the emulator pages by one time range). */
function toCondition(node: Node): Condition {
  switch (node.kind) {
    case 'time':
      throw new ODataFilterError("'or' over activityDateTime is not supported by this emulator.");
    case 'eq':
      // Graph documents only `eq` on loggedByService: a reader that ORs services must fail here.
      if (node.property === 'loggedByService')
        throw new ODataFilterError("'or' over loggedByService is not supported by this emulator.");
      return { kind: 'eq', path: [node.property], value: node.value };
    case 'condition':
      return node.condition;
    default:
      return { kind: node.kind, items: node.items.map(toCondition) };
  }
}

function clause(property: string, operator: string, operand: Token): Node {
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
    return { kind: 'time', operator, time };
  }
  if (stringProperties.has(property) || initiatorPaths.has(property)) {
    if (operator !== 'eq')
      throw new ODataFilterError(`Operator '${operator}' is not supported on property '${property}'.`);
    if (operand.kind !== 'string') {
      throw new ODataFilterError(
        `A binary operator with incompatible types was detected. Found operand types 'Edm.String' and '${operand.text}' for operator kind '${kind}'.`,
      );
    }
    if (stringProperties.has(property))
      return { kind: 'eq', property: property as StringProperty, value: operand.text };
    return { kind: 'condition', condition: { kind: 'eq', path: property.split('/'), value: operand.text } };
  }
  const root = property.split('/')[0]!;
  if (otherProperties.has(root))
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
