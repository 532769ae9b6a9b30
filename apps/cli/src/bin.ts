#!/usr/bin/env node
// The only place that exits or handles signals (CONTRIBUTING.md, rule 4); everything else is in runCli.
import { EventEmitter } from 'node:events';
import { readProcessEnvironment } from './env.js';
import { CliError } from './errors/cli-error.js';
import { runCli } from './run-cli.js';

const controller = new AbortController();
let signals = 0;

function onSignal(signal: NodeJS.Signals): void {
  signals += 1;
  // A second signal means "now": completed parts are durable, so nothing is corrupted.
  if (signals > 1) process.exit(130);
  controller.abort(
    new CliError(
      'CLI_ERR_INTERRUPTED',
      `Interrupted by ${signal}. Completed work is saved; run the same command again to continue.`,
    ),
  );
}

// `b2c-alerts events … | head`: once the reader has gone, nothing more can be printed; stop quietly with
// 0, as the pipeline asked for no more. Files a command writes are durable part by part, as on a signal.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// SIGHUP reloads where a command listens (`run`); elsewhere it stops the command like SIGTERM.
const hangups = new EventEmitter();
process.on('SIGHUP', (signal) => (hangups.listenerCount('hangup') > 0 ? hangups.emit('hangup') : onSignal(signal)));

const code = await runCli(process.argv.slice(2), {
  env: readProcessEnvironment(),
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
  hangups,
});

// Exit once our output is flushed, without waiting for idle keep-alive sockets.
await Promise.all(
  [process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))),
);
process.exit(code);
