import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** A free loopback port (another process may still take it before redis-server binds it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * A redis-server of one test, with the AOF on and fsynced on every write (`--appendfsync always`), so a
 * SIGKILL loses nothing it acknowledged. `kill()` + `restart()` bring it back on the same port and
 * directory, replaying the AOF. The binary is REDIS_SERVER_BIN, else `redis-server` on the PATH.
 */
export class PrivateRedis {
  #child: ChildProcess | undefined;
  #output = '';

  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly bin: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateRedis> {
    const bin = process.env.REDIS_SERVER_BIN ?? 'redis-server';
    const dir = await mkdtemp(join(tmpdir(), 'worker-crash-redis-'));
    let lastError: unknown;
    // The free port may be taken between the probe and the bind: try a few.
    for (let attempt = 0; attempt < 3; attempt++) {
      const redis = new PrivateRedis(await freePort(), dir, bin);
      try {
        await redis.#launch();
        return redis;
      } catch (error) {
        lastError = error;
        await redis.kill();
      }
    }
    await rm(dir, { recursive: true, force: true });
    throw lastError as Error;
  }

  /** SIGKILL: no shutdown save, no goodbye to clients; resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  /** Starts the server again on the same port and dir; resolves once it answers PING (AOF loaded). */
  async restart(): Promise<void> {
    if (this.#child) throw new Error('PrivateRedis.restart: the server is still running; kill() it first');
    await this.#launch();
  }

  async stop(): Promise<void> {
    await this.kill();
    await rm(this.dir, { recursive: true, force: true });
  }

  async #launch(): Promise<void> {
    this.#output = '';
    const child = spawn(
      this.bin,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--dir', this.dir, '--daemonize', 'no'],
      { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.#child = child;
    const keep = (chunk: Buffer) => {
      this.#output = (this.#output + chunk.toString()).slice(-4000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`redis-server exited (${String(code)}) before it answered PING: ${this.#output.trim().split('\n').slice(-3).join(' | ')}`);
    });
    exited.catch(() => undefined);
    await Promise.race([this.#whenPingable(child), exited]);
  }

  /**
   * Resolves when PING answers PONG. ioredis retries the connection itself (every 20 ms here) until
   * the server listens and has loaded its AOF; a deadline bounds a server that never comes up.
   */
  async #whenPingable(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
    const probe = new Redis(this.url, { lazyConnect: true, retryStrategy: () => 20, maxRetriesPerRequest: null });
    probe.on('error', () => undefined);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        (async () => {
          // LOADING errors (AOF replay in progress) are retried too.
          for (;;) {
            try {
              if ((await probe.ping()) === 'PONG') return;
            } catch (error) {
              if (!/LOADING/.test((error as Error).message) || child.exitCode !== null) throw error;
              await new Promise((r) => setTimeout(r, 20));
            }
          }
        })(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`redis-server on port ${this.port} did not answer PING within ${timeoutMs} ms: ${this.#output.trim().slice(-300)}`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      probe.disconnect();
    }
  }
}
