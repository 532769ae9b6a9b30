import type { Severity } from '@b2c-alerts/rule-engine';

// TODO(alert-pipeline): these mirror the contract of loadRoutes/loadSilences in @b2c-alerts/rule-engine;
// import them from there once they land, and delete this file.

export interface Route {
  name: string;
  slack?: { channel: string };
  email?: { to: string[] };
  severities?: Severity[];
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
}
export interface Routes {
  routes: Record<string, Route>;
}
export interface SilenceEntry {
  id: string;
  matchers: Array<{ name: string; value: string; isRegex?: boolean; isEqual?: boolean }>;
  startsAt: string;
  endsAt: string;
  reason: string;
  author: string;
}
