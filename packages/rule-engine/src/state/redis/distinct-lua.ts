import type { LuaScript } from './define-scripts.js';
import { luaPrelude, type StateReply } from './lua-prelude.js';
import { recordPrelude } from './record-prelude.js';

export const distinctLua: LuaScript<7, 17, StateReply> = {
  numberOfKeys: 7,
  numberOfArgs: 17,
  lua: `--[[
  Records an event of a distinct rule. Mirrors state/memory/distinct.ts; semantics in
  evaluation/aggregations/distinct.ts.

  Input:
    KEYS[1..5], ARGV[1..10] the record head and the throttle (recordPrelude)
    KEYS[6] values (zset: value -> newest time)
    KEYS[7] info (hash: c:<value> count, e:<value> newest event id, fired)

    ARGV[11] windowMs
    ARGV[12] threshold
    ARGV[13] has value ('1'/'0')
    ARGV[14] value
    ARGV[15] max event ids
    ARGV[16..17] key prefixes of a group's values and info (the group key follows)

  Output:
    {reply, evicted}, the reply {'duplicate'|'late'|'quiet'|'suppressed'}
    or {'alert'|'replayed', carried, count, firstTime, lastTime, ids, top}
]]
${luaPrelude}
${recordPrelude}
local function run()
local id, t, ttl, g, index, maxGroups = recordHead()
local W, threshold, maxIds = tonumber(ARGV[11]), tonumber(ARGV[12]), tonumber(ARGV[15])
local value = ARGV[14]
local values, info = KEYS[6], KEYS[7]

local claimed, replayed = claimOrReplay()
if replayed then return replayed end
if claimed == 'stale' then return { 'late' } end
if ARGV[13] ~= '1' then return { 'quiet' } end
local newest = t
local top = redis.call('ZRANGE', values, -1, -1, 'WITHSCORES')
if top[2] then
  local m = tonumber(top[2])
  if t <= m - W then return { 'late' } end
  if m > newest then newest = m end
end

-- Trim to the window first: a value that left the window and comes back starts a new count.
local gone = redis.call('ZRANGEBYSCORE', values, '-inf', str(newest - W))
for i = 1, #gone do redis.call('HDEL', info, 'c:' .. gone[i], 'e:' .. gone[i]) end
redis.call('ZREMRANGEBYSCORE', values, '-inf', str(newest - W))
local seen = redis.call('ZSCORE', values, value)
if not seen or t > tonumber(seen) then
  redis.call('ZADD', values, str(t), value)
  redis.call('HSET', info, 'e:' .. value, id)
end
redis.call('HINCRBY', info, 'c:' .. value, 1)
redis.call('PEXPIRE', values, ttl)
redis.call('PEXPIRE', info, ttl)
track(index, g, newest, maxGroups, tonumber(ttl), function(member)
  deleteUnder({ ARGV[16], ARGV[17] }, member)
end)

local n = redis.call('ZCARD', values)
if n < threshold then return { 'quiet' } end
local firedAt = redis.call('HGET', info, 'fired')
if firedAt and newest < tonumber(firedAt) + W then return { 'quiet' } end
redis.call('HSET', info, 'fired', str(newest))

local members = redis.call('ZRANGE', values, 0, -1, 'WITHSCORES')
local ids, counts = {}, {}
for i = 1, #members, 2 do
  local v = members[i]
  if #ids < maxIds then ids[#ids + 1] = redis.call('HGET', info, 'e:' .. v) or '' end
  counts[v] = tonumber(redis.call('HGET', info, 'c:' .. v) or '0')
end
local carried = throttled(id, newest)
if carried < 0 then return { 'suppressed' } end
return remember({ 'alert', tostring(carried), tostring(n), members[2], str(newest), ids, topValues(counts) })
end
return wrapReply(run())
`,
};
