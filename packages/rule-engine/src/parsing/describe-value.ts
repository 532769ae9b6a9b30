/** `a string ('abc')`, `a list`, `nothing`: how a parsed YAML value reads in a message. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `a string ('${value.length > 40 ? `${value.slice(0, 40)}…` : value}')`;
  return `a ${typeof value} (${String(value)})`;
}
