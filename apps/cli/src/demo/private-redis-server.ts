import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A redis-server this process started, on a loopback port, keeping nothing on disk. */
export interface PrivateRedisServer {
  url: string;
  port: number;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its directory. Idempotent. */
  stop(): Promise<void>;
}

const readyLine = /Ready to accept connections/;

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves when the server says it is ready; rejects with its last output when it exits first or takes over 10 s. */
function whenReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-2000);
      if (readyLine.test(output)) done();
    };
    const onExit = (code: number | null) => done(new Error(`redis-server exited (${code ?? 'signal'}) before it was ready: ${output.trim().split('\n').slice(-3).join(' | ')}`));
    const onError = (error: Error) => done(error);
    const timer = setTimeout(() => done(new Error('redis-server did not get ready within 10 s')), 10_000);
    function done(error?: Error) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
      // Keep draining its output so a full pipe never blocks it.
      child.stdout?.resume();
      if (error) reject(error);
      else resolve();
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts `binary` (a redis-server) on a free loopback port, in a new temporary directory, without
 * persistence. Tries three ports, since another process may take the free port before redis binds it.
 */
export async function startPrivateRedisServer(binary: string, env: Readonly<Record<string, string | undefined>>): Promise<PrivateRedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'b2c-alerts-demo-redis-'));
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freeLoopbackPort();
    const child = spawn(
      binary,
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--protected-mode', 'yes'],
      { cwd: dir, env: { ...env }, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    try {
      await whenReady(child);
    } catch (error) {
      lastError = error;
      await stopChild(child);
      continue;
    }
    let stopping: Promise<void> | undefined;
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      stop: () => (stopping ??= stopChild(child).finally(() => rm(dir, { recursive: true, force: true }))),
    };
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError instanceof Error ? lastError : new Error('redis-server did not start');
}
