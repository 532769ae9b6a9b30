import type { HealthJson, HealthProvider } from '@b2c-alerts/console';
import { browserNow, tenant } from './browser-archive.js';

/** A real fake of the worker's health reader: one tenant a minute behind, the pipeline's queues. */
export const fakeHealth: HealthProvider = async (): Promise<HealthJson> => ({
  ruleSetVersion: 'sha256:4f1c2a9e',
  tenants: [
    {
      name: tenant,
      watermark: new Date(browserNow - 60_000).toISOString(),
      lagSeconds: 62,
      lastPollAt: new Date(browserNow - 20_000).toISOString(),
      lastPollOutcome: 'ok: 118 events',
      throttledUntil: null,
    },
  ],
  queues: [
    { name: 'evaluate', waiting: 3, active: 1, delayed: 0, failed: 0 },
    { name: 'deliver', waiting: 0, active: 0, delayed: 2, failed: 1 },
  ],
  deadLetters: 1,
});
