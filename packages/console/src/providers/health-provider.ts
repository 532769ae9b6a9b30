/** The worker's health as the Health page shows it (docs/console-api.md). */
export interface HealthJson {
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
  deadLetters: number;
}

/** Reads the worker's health (from Redis); the console does not own it. */
export type HealthProvider = () => Promise<HealthJson>;
