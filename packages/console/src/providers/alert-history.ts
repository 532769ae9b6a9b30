/** One delivery of an alert to a route's channel, as the alert history records it. */
export interface AlertDeliveryJson {
  route: string;
  channel: string;
  state: 'sent' | 'failed' | 'dead' | 'pending';
  /** ISO-8601 UTC. */
  at: string;
  attempts: number;
  error?: string;
}

/** An alert raised by the worker, as the console shows it (docs/console-api.md). Times are ISO-8601 UTC. */
export interface AlertRecordJson {
  id: string;
  ruleId: string;
  title: string;
  severity: string;
  tenant: string;
  group: string;
  count: number;
  eventIds: string[];
  firstEventAt: string;
  lastEventAt: string;
  raisedAt: string;
  state: 'routed' | 'silenced' | 'no-route';
  channels: string[];
  deliveries: AlertDeliveryJson[];
}

/** What the console asks the alert history: `since`/`until` epoch ms, `before` the previous page's cursor. */
export interface AlertQuery {
  since?: number;
  until?: number;
  rule?: string;
  limit: number;
  before?: string;
}

/** The worker's alert history, read by the console (it does not own it). */
export interface AlertHistory {
  list(query: AlertQuery): Promise<{ alerts: AlertRecordJson[]; nextCursor: string | null }>;
  /** Undefined when there is no such alert. */
  get(id: string): Promise<AlertRecordJson | undefined>;
}
