import type { RouteVariables } from './route-variables.js';

/**
 * The result of filling `${NAME}`s: the text; or the names outside the allowed set (`refused`), or
 * those unset (or empty); or a syntax problem. Only `text` holds a value: the others name variables.
 */
export type Interpolation = { text: string } | { refused: string[] } | { unset: string[] } | { invalid: string };

const reference = /\$\{([^}]*)\}/g;
const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Replaces each `${NAME}` in `text` with its value in `variables`. A name the set does not allow is
 * refused, and no value is filled at all then; an empty value counts as unset, as in a shell's `VAR=`.
 * A `${` that is not closed, or names no valid variable, is invalid.
 */
export function interpolateVariables(text: string, variables: RouteVariables): Interpolation {
  const unset: string[] = [];
  const refused: string[] = [];
  let invalid: string | undefined;
  const filled = text.replace(reference, (whole, name: string) => {
    if (!variableName.test(name)) {
      invalid ??= `'${whole}' is not a variable reference; write \${NAME} with letters, digits and _`;
      return whole;
    }
    if (!variables.allows(name)) {
      if (!refused.includes(name)) refused.push(name);
      return whole;
    }
    const value = variables.valueOf(name);
    if (value === undefined || value.trim() === '') {
      if (!unset.includes(name)) unset.push(name);
      return whole;
    }
    return value;
  });
  if (invalid) return { invalid };
  if (text.replace(reference, '').includes('${')) return { invalid: `'${text}' has a \${ without its closing }` };
  if (refused.length > 0) return { refused };
  return unset.length > 0 ? { unset } : { text: filled };
}

/** The names `text` refers to as `${NAME}`, in order, once each. */
export function referencedVariables(text: string): string[] {
  return [...new Set([...text.matchAll(reference)].map((m) => m[1] ?? ''))];
}
