import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivateRedisServerOptions {
  /** The redis-server to run: a path, or a name looked up on the PATH of `env`. Default 'redis-server'. */
  binary?: string;
  /** The server's environment; default this process's. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Keep an append-only file fsynced on every write (`appendfsync always`), so a SIGKILL loses nothing
   * the server acknowledged and `restart` finds it all. Default false: nothing is kept on disk.
   */
  appendOnly?: boolean;
  /** Prefix of the temporary directory's name. Default 'b2c-alerts-redis-'. */
  dirPrefix?: string;
}

const readyLine = /Ready to accept connections/;
const startTimeoutMs = 10_000;
const stopGraceMs = 5000;

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free loopback port')),
      );
    });
  });
}

/** False once it exited, and for a binary that never started (no pid: it may never emit 'exit'). */
function isRunning(child: ChildProcess): boolean {
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

/**
 * A redis-server this process started, on a free loopback port, in a temporary directory of its own:
 * the demo's Redis when none is configured, and the Redis the crash tests SIGKILL and bring back.
 */
export class PrivateRedisServer {
  readonly port: number;
  readonly dir: string;
  readonly #options: PrivateRedisServerOptions;
  #child: ChildProcess | undefined;
  #output = '';
  #stopping: Promise<void> | undefined;

  private constructor(port: number, dir: string, options: PrivateRedisServerOptions) {
    this.port = port;
    this.dir = dir;
    this.#options = options;
  }

  /** `redis://127.0.0.1:PORT`. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /**
   * Starts the server and resolves once it accepts connections. Tries three ports, since another
   * process may take the free port before redis-server binds it.
   */
  static async start(options: PrivateRedisServerOptions = {}): Promise<PrivateRedisServer> {
    const dir = await mkdtemp(join(tmpdir(), options.dirPrefix ?? 'b2c-alerts-redis-'));
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const server = new PrivateRedisServer(await freeLoopbackPort(), dir, options);
      try {
        await server.#launch();
        return server;
      } catch (error) {
        lastError = error;
        await server.kill();
      }
    }
    await rm(dir, { recursive: true, force: true });
    throw lastError instanceof Error ? lastError : new Error('redis-server did not start');
  }

  /** SIGKILL: no shutdown save, no goodbye to clients. Resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || !isRunning(child)) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  /** Starts the server again on the same port and directory; with `appendOnly`, it replays the AOF first. */
  async restart(): Promise<void> {
    if (this.#child) throw new Error('PrivateRedisServer.restart: the server is still running; kill() it first');
    await this.#launch();
  }

  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its directory. Idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= this.#terminate().finally(() => rm(this.dir, { recursive: true, force: true }));
    return this.#stopping;
  }

  async #terminate(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || !isRunning(child)) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), stopGraceMs);
    await exited;
    clearTimeout(timer);
  }

  #launch(): Promise<void> {
    const persistence = this.#options.appendOnly
      ? ['--appendonly', 'yes', '--appendfsync', 'always']
      : ['--appendonly', 'no'];
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--save',
      '',
      ...persistence,
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
    ];
    const child = spawn(this.#options.binary ?? 'redis-server', args, {
      cwd: this.dir,
      ...(this.#options.env ? { env: { ...this.#options.env } } : {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    this.#output = '';
    return new Promise((resolve, reject) => {
      // Both streams are read to the end, so a full pipe never blocks the server.
      const onData = (chunk: Buffer) => {
        this.#output = (this.#output + chunk.toString('utf8')).slice(-4000);
        if (readyLine.test(this.#output)) done();
      };
      const onExit = (code: number | null) =>
        done(
          new Error(
            `redis-server exited (${code ?? 'signal'}) before it was ready: ${this.#output.trim().split('\n').slice(-3).join(' | ')}`,
          ),
        );
      const onError = (error: Error) => done(error);
      const timer = setTimeout(
        () =>
          done(
            new Error(
              `redis-server on port ${this.port} was not ready within ${startTimeoutMs} ms: ${this.#output.trim().slice(-300)}`,
            ),
          ),
        startTimeoutMs,
      );
      const done = (error?: Error) => {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        child.off('exit', onExit);
        child.off('error', onError);
        child.stdout?.resume();
        child.stderr?.resume();
        if (error) reject(error);
        else resolve();
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', onExit);
      child.once('error', onError);
    });
  }
}
