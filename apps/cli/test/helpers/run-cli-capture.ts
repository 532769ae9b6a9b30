import { runCli } from '../../src/index.js';
import { Capture } from './capture.js';

/** Runs one command line in process with captured output; the environment defaults to none. */
export async function runCliCapture(args: string[], env: Record<string, string> = {}) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(args, { env: { LOG_LEVEL: 'silent', ...env }, stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
