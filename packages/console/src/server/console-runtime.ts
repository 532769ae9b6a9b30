import type { Logger } from '@b2c-alerts/audit-client';
import type { ConsoleSettings, RulesSource } from '../console-options.js';
import type { AlertHistory } from '../providers/alert-history.js';
import type { HealthProvider } from '../providers/health-provider.js';
import type { EnginePool } from '../query/engine-pool.js';
import type { HostCheck } from './host-check.js';
import type { LoginLimiter } from './login-limiter.js';
import type { TokenCheck } from './token-check.js';

/** What every route family is given: the checked settings, the engines and the providers. */
export interface ConsoleRuntime {
  settings: ConsoleSettings;
  /** The archive directory, absolute. */
  archiveDir: string;
  /** The UI's directory, absolute. */
  uiDir: string;
  logger: Logger;
  now: () => number;
  engines: EnginePool;
  /** Undefined: no token, the console is open to whoever reaches it (loopback only). */
  tokens?: TokenCheck;
  loginLimiter: LoginLimiter;
  /** The Host names answered (DNS rebinding). */
  hostCheck: HostCheck;
  alerts?: AlertHistory;
  health?: HealthProvider;
  rules?: RulesSource;
}
