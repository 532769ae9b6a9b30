import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { defineScripts, type LuaScript } from '../../../src/index.js';
import { keysUnder, redisUrl } from '../../helpers/redis-harness.js';

const append: LuaScript<2, 1, string[]> = {
  numberOfKeys: 2,
  numberOfArgs: 1,
  lua: `--[[
  Appends ARGV[1] to both keys.

  Input:
    KEYS[1] first
    KEYS[2] second

    ARGV[1] value

  Output:
    {first's new value, second's new value}
]]
redis.call('APPEND', KEYS[1], ARGV[1])
redis.call('APPEND', KEYS[2], ARGV[1])
return { redis.call('GET', KEYS[1]), redis.call('GET', KEYS[2]) }
`,
};

const length: LuaScript<1, 0, number> = {
  numberOfKeys: 1,
  numberOfArgs: 0,
  lua: `return redis.call('STRLEN', KEYS[1])`,
};

describe('defineScripts', () => {
  const redis = new Redis(redisUrl());
  const prefix = `test:define-scripts:${randomUUID()}`;
  afterAll(async () => {
    const keys = await keysUnder(redis, prefix);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('runs each script with its KEYS and ARGV, scripts of two definitions side by side on one client', async () => {
    const first = defineScripts(redis, { run: append });
    const second = defineScripts(redis, { run: length });
    expect(await first.run([`${prefix}:a`, `${prefix}:b`], ['x'])).toEqual(['x', 'x']);
    expect(await first.run([`${prefix}:a`, `${prefix}:c`], ['y'])).toEqual(['xy', 'y']);
    expect(await second.run([`${prefix}:a`], [])).toBe(2);
  });

  it('types each call by its definition: KEYS and ARGV by count, the reply as declared', () => {
    const scripts = defineScripts(redis, { append, length });
    expectTypeOf(scripts.append).parameters.toEqualTypeOf<[[string, string], [string]]>();
    expectTypeOf(scripts.append).returns.resolves.toEqualTypeOf<string[]>();
    expectTypeOf(scripts.length).parameters.toEqualTypeOf<[[string], []]>();
    expectTypeOf(scripts.length).returns.resolves.toEqualTypeOf<number>();
  });
});
