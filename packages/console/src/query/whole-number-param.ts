import { invalidParameter } from '../errors/api-error.js';

/** A whole-number query parameter in [min, max], or `fallback` when absent; a 400 naming it otherwise. */
export function wholeNumberParam(
  query: URLSearchParams,
  name: string,
  range: { min: number; max: number; fallback: number },
): number {
  const values = query.getAll(name).filter((v) => v.trim() !== '');
  if (values.length === 0) return range.fallback;
  const text = values[0]!.trim();
  const n = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (values.length > 1 || !(n >= range.min && n <= range.max)) {
    throw invalidParameter(name, `give one whole number from ${range.min} to ${range.max}.`);
  }
  return n;
}
