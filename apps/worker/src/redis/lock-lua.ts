import type { LuaScript } from '@b2c-alerts/rule-engine';

// Lua of RedisLock: compare and act in one step, so a holder whose lease expired and was taken by
// another replica never renews or deletes the new holder's lease.

export const renewLockLua: LuaScript<1, 2, number> = {
  numberOfKeys: 1,
  numberOfArgs: 2,
  lua: `--[[
  Renews the lease while it is still the caller's.

  Input:
    KEYS[1] lock

    ARGV[1] token of the holder
    ARGV[2] ttl (ms)

  Output:
    1 renewed | 0 (the lease is gone or another holder's)
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end
`,
};

export const releaseLockLua: LuaScript<1, 1, number> = {
  numberOfKeys: 1,
  numberOfArgs: 1,
  lua: `--[[
  Deletes the lease if it is still the caller's.

  Input:
    KEYS[1] lock

    ARGV[1] token of the holder

  Output:
    1 deleted | 0 (the lease is gone or another holder's)
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end
`,
};
