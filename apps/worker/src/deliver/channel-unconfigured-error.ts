import { WorkerError } from '../errors/worker-error.js';

/** Permanent until the configuration changes: a route has a Slack or email channel and no sender for it. */
export class ChannelUnconfiguredError extends WorkerError {
  override name = 'ChannelUnconfiguredError';

  constructor(kind: 'slack' | 'email') {
    super(
      'WK_ERR_CHANNEL_UNCONFIGURED',
      kind === 'slack'
        ? 'A route sends to Slack but SLACK_BOT_TOKEN is not set; set it (or remove slack from the route), restart, and re-drive with b2c-alerts deadletters --retry.'
        : 'A route sends email but SMTP_URL or ALERT_EMAIL_FROM is not set; set them (or remove email from the route), restart, and re-drive with b2c-alerts deadletters --retry.',
    );
  }
}
