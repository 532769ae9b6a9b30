import type { LuaScript } from '@b2c-alerts/rule-engine';

export const raiseNewestLua: LuaScript<1, 1, number> = {
  numberOfKeys: 1,
  numberOfArgs: 1,
  lua: `--[[
  Raises the tenant's newest activityDateTime read, never lowers it: replicas whose polls end in any
  order leave the newest of them.

  Input:
    KEYS[1] newest (ms)

    ARGV[1] newest activityDateTime of this poll (ms)

  Output:
    1
]]
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1]) end
return 1
`,
};
