/** Stable error codes of this package. Add new codes here; never reuse or rename one. */
export type RuleEngineErrorCode =
  | 'RE_ERR_STATE_STORE'
  | 'RE_ERR_RULE_SET_INVALID'
  | 'RE_ERR_RULES_DIR_UNREADABLE'
  | 'RE_ERR_DURATION_INVALID'
  | 'RE_ERR_RULE_COMPILE'
  | 'RE_ERR_SILENCES_FILE_INVALID'
  | 'RE_ERR_SILENCE_NOT_FOUND'
  /** A replay read more records than its maxRecords. */
  | 'RE_ERR_REPLAY_LIMIT';

/** Base class of every error this package throws; `code` is stable, `message` says what to do. */
export class RuleEngineError extends Error {
  override name = 'RuleEngineError';
  readonly code: RuleEngineErrorCode;

  constructor(code: RuleEngineErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Cross-realm safe check (checks `code` as well as the prototype). */
export function isRuleEngineError(value: unknown): value is RuleEngineError {
  if (value instanceof RuleEngineError) return true;
  const code = value instanceof Error ? (value as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('RE_ERR_');
}
