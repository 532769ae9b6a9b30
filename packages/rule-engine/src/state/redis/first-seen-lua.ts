import type { LuaScript } from './define-scripts.js';
import { luaPrelude, type StateReply } from './lua-prelude.js';
import { recordPrelude } from './record-prelude.js';

export const firstSeenLua: LuaScript<7, 12, StateReply> = {
  numberOfKeys: 7,
  numberOfArgs: 12,
  lua: `--[[
  Records an event of a first-seen rule. Mirrors state/memory/first-seen.ts; semantics in
  evaluation/aggregations/first-seen.ts.

  Input:
    KEYS[1..5], ARGV[1..10] the record head and the throttle (recordPrelude); its groups are the rule's
      values (ARGV[7] the value: the group key), indexed by KEYS[7] rather than by the group index
    KEYS[6] baseline (string: the baseline's start)
    KEYS[7] values (zset: value -> newest time)

    ARGV[11] learningMs
    ARGV[12] forgetAfterMs

  Output:
    {reply, evicted}, the reply {'duplicate'|'quiet'|'suppressed'} or {'alert'|'replayed', carried}
]]
${luaPrelude}
${recordPrelude}
local function run()
local id, t, ttl, value, _, maxGroups = recordHead()
local learning, forget = tonumber(ARGV[11]), tonumber(ARGV[12])
local baselineKey, values = KEYS[6], KEYS[7]

local _, replayed = claimOrReplay()
if replayed then return replayed end
-- Nothing remembered that is fresher than forgetAfterMs: learning starts over at this event.
local newest = redis.call('ZRANGE', values, -1, -1, 'WITHSCORES')[2]
local baseline = t
if newest and tonumber(newest) > t - forget then
  baseline = tonumber(redis.call('GET', baselineKey) or ARGV[2])
  if t < baseline then baseline = t end
end
redis.call('SET', baselineKey, str(baseline), 'PX', ttl)
local seen = redis.call('ZSCORE', values, value)
if seen then seen = tonumber(seen) end
if not seen or t > seen then redis.call('ZADD', values, str(t), value) end
redis.call('ZREMRANGEBYSCORE', values, '-inf', str(t - forget))
evictOldest(values, value, maxGroups, function() end)
redis.call('PEXPIRE', values, ttl)

local isNew = (not seen) or seen <= t - forget
if not isNew or t < baseline + learning then return { 'quiet' } end
local carried = throttled(id, t)
if carried < 0 then return { 'suppressed' } end
return remember({ 'alert', tostring(carried) })
end
return wrapReply(run())
`,
};
