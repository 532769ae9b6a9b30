/** The result of filling `${VAR}`s: the text, or the variables that were unset (or empty), or a syntax problem. */
export type Interpolation = { text: string } | { unset: string[] } | { invalid: string };

const reference = /\$\{([^}]*)\}/g;
const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Replaces each `${NAME}` in `text` with `variables[NAME]`. An empty value counts as unset, as in a
 * shell's `VAR=`. A `${` that is not closed, or names no valid variable, is invalid.
 */
export function interpolateVariables(
  text: string,
  variables: Readonly<Record<string, string | undefined>>,
): Interpolation {
  const unset: string[] = [];
  let invalid: string | undefined;
  const filled = text.replace(reference, (whole, name: string) => {
    if (!variableName.test(name)) {
      invalid ??= `'${whole}' is not a variable reference; write \${NAME} with letters, digits and _`;
      return whole;
    }
    const value = Object.hasOwn(variables, name) ? variables[name] : undefined;
    if (value === undefined || value.trim() === '') {
      if (!unset.includes(name)) unset.push(name);
      return whole;
    }
    return value;
  });
  if (invalid) return { invalid };
  if (filled.replace(reference, '').includes('${')) return { invalid: `'${text}' has a \${ without its closing }` };
  return unset.length > 0 ? { unset } : { text: filled };
}
