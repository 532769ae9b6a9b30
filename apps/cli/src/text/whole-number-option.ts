import { CliError } from '../errors/cli-error.js';

/**
 * A whole number from `min` to `max` given to `option` (digits only: no sign, decimals or exponent).
 * Anything else is CLI_ERR_USAGE naming the option and the range.
 */
export function wholeNumberOption(option: string, value: string, min: number, max: number): number {
  const text = value.trim();
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= min && n <= max)) {
    const range = `${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`;
    throw new CliError('CLI_ERR_USAGE', `${option} ${JSON.stringify(value)} is not a whole number from ${range}.`);
  }
  return n;
}
