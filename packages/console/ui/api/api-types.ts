// The JSON the console's API answers (docs: the console contract). The UI trusts the server for shapes
// but never for content: every string here is event data or derived from it, and is rendered as text.

export interface DetailEntry {
  key: string;
  value: string;
}

export interface ModifiedEntry {
  name: string;
  oldValue: string | null;
  newValue: string | null;
}

export interface TargetEntry {
  id: string | null;
  type: string | null;
  displayName: string | null;
  upn: string | null;
  modified: ModifiedEntry[];
}

/** investigate's EventRow with `time` (ISO UTC, microseconds). */
export interface EventRowJson {
  id: string;
  time: string;
  timeUs: number;
  category: string;
  categoryRaw: string | null;
  activity: string | null;
  result: string | null;
  resultReason: string | null;
  service: string | null;
  operationType: string | null;
  correlationId: string | null;
  userAgent: string | null;
  actorType: 'user' | 'app' | null;
  actorId: string | null;
  actorUpn: string | null;
  actorName: string | null;
  actorAppId: string | null;
  actorSpn: string | null;
  actorIp: string | null;
  ip: string | null;
  policyId: string | null;
  appId: string | null;
  details: DetailEntry[];
  targets: TargetEntry[];
  part?: string;
}

export interface Sources {
  indexDays: number | string[];
  rawDays: Array<{ day: string; reason: string }>;
  skipped: Array<{ day: string; part: string; reason: string }>;
}

export interface EventPage {
  rows: EventRowJson[];
  nextCursor: string | null;
  sources?: Sources;
}

export interface Histogram {
  since: string;
  until: string;
  bucketMs: number;
  buckets: Array<{ start: string; count: number }>;
}

export interface EventDetails {
  row: EventRowJson;
  record: unknown;
}

export interface Delivery {
  route: string;
  channel: string;
  state: 'sent' | 'failed' | 'dead' | 'pending';
  at: string;
  attempts: number;
  error?: string;
}

export interface AlertRecord {
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
  deliveries: Delivery[];
}

export interface AlertList {
  alerts: AlertRecord[];
  nextCursor: string | null;
  available?: boolean;
  reason?: string;
}

export interface RuleSummary {
  id: string;
  title: string;
  severity: string;
  enabled: boolean;
  kind: string;
  matches24h: number | null;
  lastMatch: string | null;
}

export interface RuleList {
  version: string | null;
  rules: RuleSummary[];
  available?: boolean;
  reason?: string;
}

export interface RuleDetails {
  id: string;
  title: string;
  description?: string | null;
  severity: string;
  enabled: boolean;
  kind: string;
  yaml: string;
  runbook: unknown;
  tests: Array<{ name: string; expect: unknown }>;
}

export interface BacktestResult {
  ruleId?: string;
  since?: string;
  until?: string;
  scanned: number;
  alerts: Array<{
    ruleId: string;
    groupKey: string;
    count: number;
    eventIds: string[];
    firstEventAt: string;
    lastEventAt: string;
  }>;
}

export interface Health {
  available: boolean;
  reason?: string;
  ruleSetVersion: string | null;
  tenants: Array<{
    name: string;
    watermark: string | null;
    lagSeconds: number | null;
    lastPollAt: string | null;
    lastPollOutcome: string | null;
    throttledUntil: string | null;
  }>;
  queues: Array<{ name: string; waiting: number; active: number; delayed: number; failed: number }>;
  deadLetters: number | null;
}

export interface Session {
  authenticated: boolean;
  required: boolean;
}
