import { VirtualClock } from '@b2c-alerts/audit-client';
import { runCli } from '../../src/index.js';
import { Capture } from './capture.js';

/** Runs one command line at `now` with captured output, as a terminal of `columns` when given. */
export async function runAt(
  now: number,
  args: string[],
  options: { env?: Record<string, string>; columns?: number } = {},
) {
  const stdout = new Capture(options.columns !== undefined, options.columns ?? 200);
  const stderr = new Capture();
  const code = await runCli(args, {
    env: { LOG_LEVEL: 'silent', ...options.env },
    stdout,
    stderr,
    clock: new VirtualClock(now),
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
