import type { LuaScript } from './define-scripts.js';
import { luaPrelude, type StateReply } from './lua-prelude.js';

export const firstSeenLua: LuaScript<6, 12, StateReply> = {
  numberOfKeys: 6,
  numberOfArgs: 12,
  lua: `--[[
  Records an event of a first-seen rule. Mirrors state/memory/first-seen.ts; semantics in
  evaluation/aggregations/first-seen.ts.

  Input:
    KEYS[1] claims
    KEYS[2] baseline (string: the baseline's start)
    KEYS[3] values (zset: value -> newest time)
    KEYS[4] throttle times
    KEYS[5] throttle suppressed
    KEYS[6] outcome

    ARGV[1]  event id
    ARGV[2]  time
    ARGV[3]  claim retention
    ARGV[4]  ttl
    ARGV[5]  value (the group key)
    ARGV[6]  learningMs
    ARGV[7]  forgetAfterMs
    ARGV[8]  throttle forMs (0: none)
    ARGV[9]  throttle lateness
    ARGV[10] throttle ttl
    ARGV[11] max claims
    ARGV[12] max groups (values)

  Output:
    {reply, evicted}, the reply {'duplicate'|'quiet'|'suppressed'} or {'alert'|'replayed', carried}
]]
${luaPrelude}
local function run()
local id, t = ARGV[1], tonumber(ARGV[2])
local ttl, value = ARGV[4], ARGV[5]
local learning, forget = tonumber(ARGV[6]), tonumber(ARGV[7])

local _, replayed = claimOrReplay(KEYS[1], KEYS[6], id, t, tonumber(ARGV[3]), ARGV[11])
if replayed then return replayed end
-- Nothing remembered that is fresher than forgetAfterMs: learning starts over at this event.
local newest = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')[2]
local baseline = t
if newest and tonumber(newest) > t - forget then
  baseline = tonumber(redis.call('GET', KEYS[2]) or ARGV[2])
  if t < baseline then baseline = t end
end
redis.call('SET', KEYS[2], str(baseline), 'PX', ttl)
local seen = redis.call('ZSCORE', KEYS[3], value)
if seen then seen = tonumber(seen) end
if not seen or t > seen then redis.call('ZADD', KEYS[3], str(t), value) end
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', str(t - forget))
evictOldest(KEYS[3], value, tonumber(ARGV[12]), function() end)
redis.call('PEXPIRE', KEYS[3], ttl)

local isNew = (not seen) or seen <= t - forget
if not isNew or t < baseline + learning then return { 'quiet' } end
local carried = throttled(KEYS[4], KEYS[5], id, t, ARGV[8], ARGV[9], ARGV[10])
if carried < 0 then return { 'suppressed' } end
return remember(KEYS[6], ARGV[3], { 'alert', tostring(carried) })
end
return wrapReply(run())
`,
};
