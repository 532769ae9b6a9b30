#!/usr/bin/env node
// The worker's standalone entry and the one place that handles signals and exits (CONTRIBUTING.md, rule 4):
// env → config → app; SIGTERM/SIGINT close gracefully (a second signal exits at once); SIGHUP reloads rules.
import { pino } from 'pino';
import { createWorkerApp } from './app.js';
import { parseWorkerConfig, type WorkerConfig } from './config/config.js';
import { readProcessEnvironment } from './env.js';
import { isWorkerError } from './errors/worker-error.js';
import { createLogger } from './logger.js';

function exit(code: number): never {
  process.exit(code);
}

let config: WorkerConfig;
try {
  config = parseWorkerConfig(readProcessEnvironment());
} catch (error) {
  // Nothing is connected yet; the message lists every problem and never a value.
  process.stderr.write(`b2c-alerts worker: ${isWorkerError(error) ? error.message : String(error)}\n`);
  exit(1);
}

// Synchronous writes, so the last lines are out before exit.
const logger = createLogger({ level: config.logLevel, destination: pino.destination({ dest: 1, sync: true }) });
const app = createWorkerApp(config, { logger });
let signals = 0;

function shutdown(signal: NodeJS.Signals): void {
  signals += 1;
  if (signals > 1) {
    logger.fatal(
      { signal },
      'second signal; exiting at once (active jobs go back to the queue when their locks expire)',
    );
    exit(130);
  }
  logger.info({ signal }, 'shutdown requested');
  // close() is bounded by SHUTDOWN_TIMEOUT; this is the backstop if something still hangs.
  setTimeout(() => {
    logger.fatal({}, 'close did not finish in time; exiting');
    exit(1);
  }, config.shutdownTimeoutMs + 5000).unref();
  app.close().then(
    () => exit(0),
    (error: unknown) => {
      logger.fatal({ err: error }, 'close failed');
      exit(1);
    },
  );
}

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
process.on('SIGHUP', () => {
  logger.info({}, 'SIGHUP: reloading rules');
  app.reloadRules().catch((error: unknown) => logger.error({ err: error }, 'rules reload failed'));
});

try {
  await app.start();
} catch (error) {
  logger.fatal({ err: error, code: isWorkerError(error) ? error.code : undefined }, 'worker failed to start');
  if (isWorkerError(error)) process.stderr.write(`b2c-alerts worker: ${error.message}\n`);
  exit(1);
}
