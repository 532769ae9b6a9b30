// The JSON the console's API answers (docs: the console contract). The UI trusts the server for shapes
// but never for content: every string here is event data or derived from it, and is rendered as text.
// The types the server also builds are its own, imported type-only (esbuild erases them, so no server
// code reaches the bundle).
import type { EventRowJson } from '../../src/query/row-json.js';
import type { SourcesJson as Sources } from '../../src/query/sources-json.js';
import type { AlertRecordJson as AlertRecord } from '../../src/providers/alert-history.js';
import type { HealthJson } from '../../src/providers/health-provider.js';

export type { DetailEntry, ModifiedEntry, TargetEntry } from '@b2c-alerts/investigate';
export type { EventRowJson } from '../../src/query/row-json.js';
export type { SourcesJson as Sources } from '../../src/query/sources-json.js';
export type {
  AlertDeliveryJson as Delivery,
  AlertRecordJson as AlertRecord,
} from '../../src/providers/alert-history.js';

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

/** GET /api/health: the worker's health, or `available: false` with a reason and no counts. */
export type Health = Omit<HealthJson, 'deadLetters'> & {
  available: boolean;
  reason?: string;
  deadLetters: number | null;
};

export interface Session {
  authenticated: boolean;
  required: boolean;
}
