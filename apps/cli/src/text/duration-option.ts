import { isRuleEngineError, parseDuration, type ParseDurationOptions } from '@b2c-alerts/rule-engine';
import { CliError } from '../errors/cli-error.js';

/**
 * Milliseconds of a duration given to `option` (parseDuration's grammar: `90m`, `1h30m`, `1.5h`). A
 * bad one is CLI_ERR_USAGE with parseDuration's message after the flag: `--for: '60' has no unit: write 60s`.
 */
export function durationOption(option: string, text: string, options: ParseDurationOptions = {}): number {
  try {
    return parseDuration(text, options);
  } catch (error) {
    if (!isRuleEngineError(error)) throw error;
    throw new CliError('CLI_ERR_USAGE', `${option}: ${error.message}`, { cause: error });
  }
}
