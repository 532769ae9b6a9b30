import { RuleEngineError } from './rule-engine-error.js';

/**
 * The state store failed (Redis unreachable, a script error). Transient as far as the caller knows:
 * retry the batch; every operation is idempotent per event id, so a retry never double counts.
 */
export class StateStoreError extends RuleEngineError {
  override name = 'StateStoreError';

  constructor(operation: string, options?: { cause?: unknown }) {
    super(
      'RE_ERR_STATE_STORE',
      `The state store failed during ${operation}; check that Redis is reachable, then retry the batch (retries are safe).`,
      options,
    );
  }
}
