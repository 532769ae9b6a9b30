import type { DeliveryChannel } from '../queues/queues.js';

/** A channel as history names it: `slack:<channel>` or `email:<addresses, comma-separated>`. */
export function channelName(channel: DeliveryChannel): string {
  return channel.kind === 'slack' ? `slack:${channel.channel}` : `email:${channel.to.join(',')}`;
}
