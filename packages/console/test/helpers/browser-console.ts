import { join } from 'node:path';
import { startConsole, type AlertHistory, type RunningConsole } from '@b2c-alerts/console';
import { browserNow } from './browser-archive.js';
import { fakeHealth } from './fake-health.js';

export const rulesDir = join(import.meta.dirname, '..', '..', '..', '..', 'rules');

export interface BrowserConsoleOptions {
  archiveDir: string;
  uiDir: string;
  alerts?: AlertHistory;
  token?: string;
  /** Default true: the fake health reader. */
  health?: boolean;
}

/** The console server over the archive on 127.0.0.1, port 0, at the archive's clock, with the shipped rules. */
export function browserConsole(options: BrowserConsoleOptions): Promise<RunningConsole> {
  return startConsole({
    archiveDir: options.archiveDir,
    uiDir: options.uiDir,
    port: 0,
    clock: { now: () => browserNow },
    rules: { dir: rulesDir },
    ...(options.alerts ? { alerts: options.alerts } : {}),
    ...(options.token ? { token: options.token } : {}),
    ...(options.health === false ? {} : { health: fakeHealth }),
  });
}
