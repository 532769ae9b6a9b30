import type { LuaScript } from './define-scripts.js';
import { luaPrelude, type StateReply } from './lua-prelude.js';
import { recordPrelude } from './record-prelude.js';

export const countLua: LuaScript<8, 19, StateReply> = {
  numberOfKeys: 8,
  numberOfArgs: 19,
  lua: `--[[
  Records an event of a count rule. Mirrors state/memory/count.ts; semantics in
  evaluation/aggregations/count.ts.

  Input:
    KEYS[1..5], ARGV[1..10] the record head and the throttle (recordPrelude)
    KEYS[6] events (zset: event id -> time)
    KEYS[7] values (hash: event id -> value)
    KEYS[8] fired (zset: id of an event that fired a window -> its time)

    ARGV[11] windowMs
    ARGV[12] threshold
    ARGV[13] lateness
    ARGV[14] has value ('1'/'0')
    ARGV[15] value
    ARGV[16] max event ids
    ARGV[17..19] key prefixes of a group's events, values and fired (the group key follows)

  Output:
    {reply, evicted}, the reply {'duplicate'|'late'|'quiet'|'suppressed'}
    or {'alert'|'replayed', carried, count, firstTime, lastTime, ids, top}
]]
${luaPrelude}
${recordPrelude}
local function run()
local id, t, ttl, g, index, maxGroups = recordHead()
local W, threshold, lateness = tonumber(ARGV[11]), tonumber(ARGV[12]), tonumber(ARGV[13])
local hasValue, maxIds = ARGV[14] == '1', tonumber(ARGV[16])
local events, values, fired = KEYS[6], KEYS[7], KEYS[8]

local claimed, replayed = claimOrReplay()
if replayed then return replayed end
if claimed == 'stale' then return { 'late' } end
if redis.call('ZSCORE', events, id) then return { 'duplicate' } end
local newest = t
local top = redis.call('ZRANGE', events, -1, -1, 'WITHSCORES')
if top[2] then
  local m = tonumber(top[2])
  if t < m - lateness then return { 'late' } end
  if m > newest then newest = m end
end

redis.call('ZADD', events, str(t), id)
if hasValue then redis.call('HSET', values, id, ARGV[15]) end
local cut = str(newest - W - lateness)
if hasValue then
  local old = redis.call('ZRANGEBYSCORE', events, '-inf', cut)
  for i = 1, #old, 1000 do redis.call('HDEL', values, unpack(old, i, math.min(i + 999, #old))) end
  redis.call('PEXPIRE', values, ttl)
end
redis.call('ZREMRANGEBYSCORE', events, '-inf', cut)
redis.call('ZREMRANGEBYSCORE', fired, '-inf', cut)
redis.call('PEXPIRE', events, ttl)
redis.call('PEXPIRE', fired, ttl)
track(index, g, newest, maxGroups, tonumber(ttl), function(member)
  deleteUnder({ ARGV[17], ARGV[18], ARGV[19] }, member)
end)

-- The windows that contain this event end at it or at a later event less than W after it.
local rank = redis.call('ZRANK', events, id)
while true do
  local batch = redis.call('ZRANGE', events, rank, rank + 99, 'WITHSCORES')
  if #batch == 0 then return { 'quiet' } end
  for i = 1, #batch, 2 do
    local member, te = batch[i], tonumber(batch[i + 1])
    if te >= t + W then return { 'quiet' } end
    local count = rank - redis.call('ZCOUNT', events, '-inf', str(te - W)) + 1
    if count >= threshold and redis.call('ZCOUNT', fired, '(' .. str(te - W), '(' .. str(te + W)) == 0 then
      redis.call('ZADD', fired, str(te), member)
      redis.call('PEXPIRE', fired, ttl)
      local first = rank - count + 1
      local firstTime = redis.call('ZRANGE', events, first, first, 'WITHSCORES')[2]
      local ids = redis.call('ZRANGE', events, first, first + math.min(count, maxIds) - 1)
      local top = {}
      if hasValue then
        local counts = {}
        local all = redis.call('ZRANGE', events, first, rank)
        for j = 1, #all, 1000 do
          local got = redis.call('HMGET', values, unpack(all, j, math.min(j + 999, #all)))
          for k = 1, #got do
            local v = got[k] or ''
            counts[v] = (counts[v] or 0) + 1
          end
        end
        top = topValues(counts)
      end
      local carried = throttled(id, te)
      if carried < 0 then return { 'suppressed' } end
      return remember({ 'alert', tostring(carried), tostring(count), firstTime, str(te), ids, top })
    end
    rank = rank + 1
  end
end
end
return wrapReply(run())
`,
};
