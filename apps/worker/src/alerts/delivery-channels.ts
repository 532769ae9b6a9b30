import type { Route } from '@b2c-alerts/rule-engine';
import type { DeliveryChannel } from '../queues/queues.js';

/** The channels of a route, Slack first; none when its variables were unset. */
export function deliveryChannels(route: Route): DeliveryChannel[] {
  const channels: DeliveryChannel[] = [];
  if (route.slack) channels.push({ kind: 'slack', channel: route.slack.channel });
  if (route.email && route.email.to.length > 0) channels.push({ kind: 'email', to: [...route.email.to] });
  return channels;
}
