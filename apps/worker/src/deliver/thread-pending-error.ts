import { WorkerError } from '../errors/worker-error.js';

/** Transient: the group's first Slack message is not posted yet, so there is no thread to post in. */
export class ThreadPendingError extends WorkerError {
  override name = 'ThreadPendingError';

  constructor() {
    super('WK_ERR_THREAD_PENDING', 'The first message of this alert group is not posted yet; the delivery is retried to post in its thread.');
  }
}
