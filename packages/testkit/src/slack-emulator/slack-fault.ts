/** Failures the Slack emulator can answer with, one per request, in the order they were injected. */
export type SlackFaultKind = 'rate_limited' | 'server_error' | 'channel_not_found' | 'invalid_auth';

export type SlackFault =
  SlackFaultKind | { kind: SlackFaultKind; /** For 'rate_limited'. */ retryAfterSeconds?: number };

export const slackFaultKinds: readonly SlackFaultKind[] = [
  'rate_limited',
  'server_error',
  'channel_not_found',
  'invalid_auth',
];
