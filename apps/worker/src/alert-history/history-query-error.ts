import { WorkerError } from '../errors/worker-error.js';

/** A malformed query of the alert history (WK_ERR_HISTORY_QUERY); the message names the argument. */
export class HistoryQueryError extends WorkerError {
  override name = 'HistoryQueryError';

  constructor(message: string) {
    super('WK_ERR_HISTORY_QUERY', message);
  }
}
