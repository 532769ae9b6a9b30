import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { PrivateRedisServer } from '../../src/index.js';
import { redisCommand } from '../helpers/redis-command.js';

const running: PrivateRedisServer[] = [];

async function start(options: Parameters<typeof PrivateRedisServer.start>[0] = {}): Promise<PrivateRedisServer> {
  const server = await PrivateRedisServer.start(options);
  running.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

describe('PrivateRedisServer', () => {
  it('answers on a loopback port; stop ends it and removes its directory, once', async () => {
    const server = await start();
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect(await redisCommand(server.port, 'PING')).toBe('PONG');
    expect(existsSync(server.dir)).toBe(true);

    await Promise.all([server.stop(), server.stop()]);
    await expect(redisCommand(server.port, 'PING')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(existsSync(server.dir)).toBe(false);
  });

  it('with appendOnly, keeps every acknowledged write across a SIGKILL and a restart on the same port', async () => {
    const server = await start({ appendOnly: true });
    expect(await redisCommand(server.port, 'SET', 'planted', 'before the kill')).toBe('OK');

    await server.kill();
    await expect(redisCommand(server.port, 'PING')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await server.restart();

    expect(await redisCommand(server.port, 'GET', 'planted')).toBe('before the kill');
  });

  it('without appendOnly, starts empty again after a kill and a restart', async () => {
    const server = await start();
    await redisCommand(server.port, 'SET', 'planted', 'x');
    await server.kill();
    await server.restart();
    expect(await redisCommand(server.port, 'GET', 'planted')).toBeNull();
  });

  it('refuses to restart a server that still runs', async () => {
    const server = await start();
    await expect(server.restart()).rejects.toThrow(/still running; kill\(\) it first/);
  });

  it('rejects when the binary does not run, leaving no directory behind', async () => {
    const dirPrefix = `testkit-redis-missing-${process.pid}-`;
    await expect(PrivateRedisServer.start({ binary: '/nonexistent/redis-server', dirPrefix })).rejects.toThrow(
      /ENOENT/,
    );
    expect((await readdir(tmpdir())).filter((name) => name.startsWith(dirPrefix))).toEqual([]);
  });
});
