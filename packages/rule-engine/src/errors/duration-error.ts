import { RuleEngineError } from './rule-engine-error.js';

/**
 * A duration that does not read (RE_ERR_DURATION_INVALID). `message` is the text, quoted, then the
 * reason: `'60' has no unit: write 60s`. `reason` alone never quotes the text, so a problem with an
 * environment variable can name the variable instead of echoing its value.
 */
export class DurationError extends RuleEngineError {
  override name = 'DurationError';
  readonly text: string;
  readonly reason: string;

  constructor(text: string, reason: string, options?: { cause?: unknown }) {
    super('RE_ERR_DURATION_INVALID', `'${text}' ${reason}`, options);
    this.text = text;
    this.reason = reason;
  }
}
