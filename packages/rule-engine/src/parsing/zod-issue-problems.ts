import type { z } from 'zod';
import { describeValue } from './describe-value.js';
import { formatPath, type DocumentPath } from './document-path.js';
import { didYouMean } from './nearest-name.js';
import type { PathProblem } from './path-problem.js';

type Schema = z.core.$ZodType;
type Issue = z.core.$ZodIssue;
// zod's own default messages; anything else was written in our schemas and is shown as is.
const defaultMessage = /^(Invalid|Too small|Too big|Unrecognized)/;

/**
 * Turns zod issues into problems a rule author can act on: the field path, what was expected and what
 * was found, the nearest valid name for a typo. For a failed union it reports the issues of the one
 * alternative the author evidently meant (by the keys used, or by the type given) instead of all of them.
 */
export function zodIssueProblems(
  schema: Schema,
  raw: unknown,
  issues: readonly Issue[],
  prefix: DocumentPath = [],
): PathProblem[] {
  return issues.flatMap((issue) => issueProblems(schema, raw, issue, prefix));
}

function issueProblems(schema: Schema, raw: unknown, issue: Issue, prefix: DocumentPath): PathProblem[] {
  const rel = issue.path as DocumentPath;
  const path = [...prefix, ...rel];
  const value = valueAt(raw, rel);
  const target = schemaAt(schema, rel, raw);
  const field = `'${formatPath(path) || 'the file'}'`;
  const custom = !defaultMessage.test(issue.message);
  if (
    value === undefined &&
    rel.length > 0 &&
    ['invalid_type', 'invalid_value', 'invalid_union'].includes(issue.code)
  ) {
    return [missingField(schema, raw, rel, prefix)];
  }
  switch (issue.code) {
    case 'invalid_union': {
      if ('note' in issue && issue.note === 'No matching discriminator') {
        const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
        return [
          {
            path,
            message: `${field} must be one of ${options.join(', ')}, got ${describeValue(value)}${typeof value === 'string' ? didYouMean(value, options) : ''}`,
          },
        ];
      }
      const options = target ? unionOptions(target) : [];
      const chosen = chooseBranch(options, value, issue.errors);
      if (chosen !== undefined) return zodIssueProblems(options[chosen]!, value, issue.errors[chosen]!, path);
      const message = custom ? issue.message : `${field} has the wrong form`;
      const allKeys = [...new Set(options.flatMap(objectKeys))];
      const typos = isPlainObject(value)
        ? Object.keys(value).filter((k) => !allKeys.includes(k) && didYouMean(k, allKeys))
        : [];
      if (typos.length > 0) {
        return typos.map((key) => ({
          path: [...path, key],
          part: 'key' as const,
          message: `unknown field '${key}'${didYouMean(key, allKeys)} (${message})`,
        }));
      }
      return [{ path, message: isPlainObject(value) ? message : `${message}; got ${describeValue(value)}` }];
    }
    case 'unrecognized_keys': {
      const object = target ? resolveUnion(target, value) : undefined;
      const allowed = object ? objectKeys(object) : [];
      const title = object ? metaOf(object).title : undefined;
      return issue.keys.map((key) => ({
        path: [...path, key],
        part: 'key' as const,
        message: `unknown field '${key}'${title ? ` in ${articled(title)}` : ''}${didYouMean(key, allowed) || (allowed.length > 0 ? `; allowed: ${allowed.join(', ')}` : '')}`,
      }));
    }
    case 'invalid_type':
      if (value === undefined) return [{ path, message: 'the file is empty' }];
      if (custom) return [{ path, message: issue.message }];
      return [{ path, message: `${field} must be ${expectedText(issue.expected)}, got ${describeValue(value)}` }];
    case 'invalid_value': {
      const values = issue.values.map(String);
      const expected = values.length === 1 ? `'${values[0]}'` : `one of ${values.join(', ')}`;
      return [
        {
          path,
          message: `${field} must be ${expected}, got ${describeValue(value)}${typeof value === 'string' ? didYouMean(value, values) : ''}`,
        },
      ];
    }
    case 'too_small':
    case 'too_big': {
      if (custom) return [{ path, message: issue.message }];
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const word = issue.code === 'too_small' ? 'at least' : 'at most';
      if (issue.origin === 'array' || issue.origin === 'set') {
        return [
          {
            path,
            message:
              issue.code === 'too_small' && Number(bound) === 1
                ? `${field} must not be empty`
                : `${field} must have ${word} ${bound} items`,
          },
        ];
      }
      if (issue.origin === 'string') {
        return [
          {
            path,
            message:
              issue.code === 'too_small' && Number(bound) === 1
                ? `${field} must not be empty`
                : `${field} must be ${word} ${bound} characters long`,
          },
        ];
      }
      return [{ path, message: `${field} must be ${word} ${bound}, got ${describeValue(value)}` }];
    }
    default:
      return [{ path, message: custom ? issue.message : `${field}: ${issue.message}` }];
  }
}

function missingField(schema: Schema, raw: unknown, rel: DocumentPath, prefix: DocumentPath): PathProblem {
  const parentRel = rel.slice(0, -1);
  const name = String(rel[rel.length - 1]);
  const parentSchema = schemaAt(schema, parentRel, raw);
  const parent = parentSchema ? resolveUnion(parentSchema, valueAt(raw, parentRel)) : undefined;
  const fieldSchema = schemaAt(schema, rel, raw);
  const title = parent ? metaOf(parent).title : undefined;
  const description = fieldSchema ? metaOf(fieldSchema).description : undefined;
  const where = title
    ? ` in ${articled(title)}`
    : parentRel.length > 0
      ? ` in '${formatPath([...prefix, ...parentRel])}'`
      : '';
  return {
    path: [...prefix, ...rel],
    message: `missing required field '${name}'${where}${description ? ` (${lowerFirst(description).replace(/\.$/, '')})` : ''}`,
  };
}

function expectedText(expected: string): string {
  switch (expected) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping';
    case 'null':
      return 'empty';
    default:
      return expected;
  }
}

function articled(title: string): string {
  return /^[aeiou]/i.test(title) ? `an ${title}` : `a ${title}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * The alternative the author meant: for a mapping, the one whose required keys it uses most (none if no
 * required key is used); otherwise the only one that accepts the value's type.
 */
function chooseBranch(options: Schema[], value: unknown, errors: readonly (readonly Issue[])[]): number | undefined {
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    let best: number | undefined;
    let bestScore = 0;
    let tie = false;
    options.forEach((option, index) => {
      const shape = objectShape(option);
      if (!shape) return;
      const required = keys.filter((k) => k in shape && !isOptional(shape[k]!)).length;
      const score = required * 1000 + keys.filter((k) => k in shape).length;
      if (required === 0) return;
      if (score > bestScore) [best, bestScore, tie] = [index, score, false];
      else if (score === bestScore) tie = true;
    });
    if (best !== undefined && !tie) return best;
    if (options.some((o) => objectShape(o))) return undefined;
  }
  const accepting = errors
    .map((branch, index) => ({ branch, index }))
    .filter(
      ({ branch }) =>
        !branch.some(
          (i) =>
            i.path.length === 0 &&
            (i.code === 'invalid_type' || i.code === 'invalid_union' || i.code === 'invalid_value'),
        ),
    );
  return accepting.length >= 1 ? accepting[0]!.index : undefined;
}

type Def = {
  type: string;
  innerType?: Schema;
  getter?: () => Schema;
  in?: Schema;
  shape?: Record<string, Schema>;
  element?: Schema;
  valueType?: Schema;
  options?: Schema[];
};

function defOf(schema: Schema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function unwrap(schema: Schema): Schema {
  let current = schema;
  for (let i = 0; i < 20; i++) {
    const def = defOf(current);
    if (def.innerType) current = def.innerType;
    else if (def.type === 'lazy' && def.getter) current = def.getter();
    else if (def.type === 'pipe' && def.in) current = def.in;
    else break;
  }
  return current;
}

function isOptional(schema: Schema): boolean {
  const type = defOf(schema).type;
  return type === 'optional' || type === 'default' || type === 'prefault';
}

function objectShape(schema: Schema): Record<string, Schema> | undefined {
  const def = defOf(unwrap(schema));
  return def.type === 'object' ? def.shape : undefined;
}

function objectKeys(schema: Schema): string[] {
  return Object.keys(objectShape(schema) ?? {});
}

function unionOptions(schema: Schema): Schema[] {
  const def = defOf(unwrap(schema));
  return def.type === 'union' ? (def.options ?? []) : [];
}

/** Metadata given with .meta(), looked up through wrappers (optional, default, lazy); the outermost wins. */
function metaOf(schema: Schema): { title?: string; description?: string } {
  const found: { title?: string; description?: string } = {};
  let current: Schema | undefined = schema;
  for (let i = 0; current && i < 20; i++) {
    const meta = (current as unknown as { meta?: () => unknown }).meta?.() as
      { title?: string; description?: string } | undefined;
    found.title ??= meta?.title;
    found.description ??= meta?.description;
    const def: Def = defOf(current);
    current = def.innerType ?? (def.type === 'lazy' ? def.getter?.() : undefined);
  }
  return found;
}

/** For a union, the alternative `value` is written for (by its `kind`, else by its keys); else the schema itself. */
function resolveUnion(schema: Schema, value: unknown): Schema {
  const options = unionOptions(schema);
  if (options.length === 0) return schema;
  return discriminatedBranch(options, value) ?? options[chooseBranch(options, value, []) ?? -1] ?? schema;
}

function discriminatedBranch(options: Schema[], value: unknown): Schema | undefined {
  if (!isPlainObject(value)) return undefined;
  return options.find((o) => {
    const kind = objectShape(o)?.['kind'];
    const values = kind ? (defOf(unwrap(kind)) as { values?: unknown[] }).values : undefined;
    return values?.includes(value['kind']);
  });
}

/** The schema that validates `path` of `raw` (a union is resolved the way chooseBranch would). */
function schemaAt(schema: Schema, path: DocumentPath, raw: unknown): Schema | undefined {
  let current: Schema | undefined = schema;
  let value = raw;
  for (const segment of path) {
    if (!current) return undefined;
    current = childOf(current, segment, value);
    value =
      isPlainObject(value) || Array.isArray(value) ? (value as Record<string | number, unknown>)[segment] : undefined;
  }
  return current;
}

function childOf(schema: Schema, segment: string | number, value: unknown): Schema | undefined {
  const inner = unwrap(schema);
  const def = defOf(inner);
  switch (def.type) {
    case 'object':
      return def.shape?.[String(segment)];
    case 'array':
      return def.element;
    case 'record':
      return def.valueType;
    case 'union': {
      const options = def.options ?? [];
      const candidates = options.filter((o) => {
        const t = defOf(unwrap(o)).type;
        return typeof segment === 'number'
          ? t === 'array'
          : t === 'object' && String(segment) in (objectShape(o) ?? {});
      });
      const picked = discriminatedBranch(candidates, value) ?? candidates[0];
      return picked ? childOf(picked, segment, value) : undefined;
    }
    default:
      return undefined;
  }
}

function valueAt(raw: unknown, path: DocumentPath): unknown {
  let value = raw;
  for (const segment of path) {
    if (!isPlainObject(value) && !Array.isArray(value)) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
