// The public API of @b2c-alerts/console. Anything not exported here is internal.
export { createConsole, type Console } from './create-console.js';
export { startConsole, type RunningConsole } from './start-console.js';
export type { ConsoleOptions, RulesSource } from './console-options.js';
export { ConsoleError, type ConsoleErrorCode } from './errors/console-error.js';
export type { AlertHistory, AlertQuery, AlertRecordJson, AlertDeliveryJson } from './providers/alert-history.js';
export type { HealthJson, HealthProvider } from './providers/health-provider.js';
