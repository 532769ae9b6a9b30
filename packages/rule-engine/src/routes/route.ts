import type { Severity } from '../rule-set/rule-definition.js';

/**
 * Where a rule's alerts go and how they are grouped (rules/routes.yaml), with `${VAR}`s filled in.
 * A route may have no channel left when its variables are unset: its alerts are then not delivered.
 */
export interface Route {
  name: string;
  description?: string;
  slack?: { channel: string };
  email?: { to: string[] };
  /** Severities the route takes; undefined takes all. */
  severities?: Severity[];
  /** How long the first alert of a group waits for more of the group before the first notification. */
  groupWaitMs: number;
  /** Least time between two notifications of one group. */
  groupIntervalMs: number;
  /** A group with no notification for this long starts over: its next one is a new top-level message. */
  repeatIntervalMs: number;
}

export interface Routes {
  routes: Record<string, Route>;
}

/** Alertmanager's defaults. */
export const defaultRouteTimers = {
  groupWaitMs: 30_000,
  groupIntervalMs: 300_000,
  repeatIntervalMs: 14_400_000,
} as const;
