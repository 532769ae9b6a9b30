import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** main.ts running as a real process: its JSON log lines, stderr, and exit. */
export interface WorkerProcess {
  child: ChildProcess;
  lines: Array<{ msg: string; [key: string]: unknown }>;
  stderr: string[];
  /** The exit code, or null when a signal ended it. */
  exit: Promise<number | null>;
  /** Resolves once the process has logged `msg` (rejects when it exits first). */
  logged(msg: string): Promise<void>;
  /** Sends `signal` and resolves once the process is gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts main.ts (Node with tsx's loader, no wrapper between signals and it) with exactly `env` added. */
export function spawnWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', main], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: WorkerProcess['lines'] = [];
  const stderr: string[] = [];
  let buffer = '';
  const waiters: Array<() => void> = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const part of parts) if (part.startsWith('{')) lines.push(JSON.parse(part) as WorkerProcess['lines'][number]);
    for (const waiter of [...waiters]) waiter();
  });
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exit = once(child, 'exit').then(([code]) => code as number | null);

  const logged = (msg: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!lines.some((l) => l.msg === msg)) return;
        waiters.splice(waiters.indexOf(check), 1);
        resolve();
      };
      waiters.push(check);
      check();
      void exit.then((code) =>
        reject(new Error(`worker exited (${String(code)}) before logging '${msg}': ${stderr.join('').slice(-500)}`)),
      );
    });

  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exit;
  };

  return { child, lines, stderr, exit, logged, kill };
}
