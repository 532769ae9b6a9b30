import type { LuaScript } from './define-scripts.js';
import { luaPrelude, type StateReply } from './lua-prelude.js';

export const countLua: LuaScript<8, 19, StateReply> = {
  numberOfKeys: 8,
  numberOfArgs: 19,
  lua: `--[[
  Records an event of a count rule. Mirrors state/memory/count.ts; semantics in
  evaluation/aggregations/count.ts.

  Input:
    KEYS[1] claims
    KEYS[2] events (zset: event id -> time)
    KEYS[3] values (hash: event id -> value)
    KEYS[4] fired (zset: id of an event that fired a window -> its time)
    KEYS[5] throttle times
    KEYS[6] throttle suppressed
    KEYS[7] outcome
    KEYS[8] group index (zset: group key -> newest time)

    ARGV[1]  event id
    ARGV[2]  time
    ARGV[3]  claim retention
    ARGV[4]  ttl
    ARGV[5]  windowMs
    ARGV[6]  threshold
    ARGV[7]  lateness
    ARGV[8]  has value ('1'/'0')
    ARGV[9]  value
    ARGV[10] max event ids
    ARGV[11] throttle forMs (0: none)
    ARGV[12] throttle lateness
    ARGV[13] throttle ttl
    ARGV[14] max claims
    ARGV[15] max groups
    ARGV[16] group key
    ARGV[17..19] key prefixes of a group's events, values and fired (the group key follows)

  Output:
    {reply, evicted}, the reply {'duplicate'|'late'|'quiet'|'suppressed'}
    or {'alert'|'replayed', carried, count, firstTime, lastTime, ids, top}
]]
${luaPrelude}
local function run()
local id, t = ARGV[1], tonumber(ARGV[2])
local ttl = ARGV[4]
local W, threshold, lateness = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local hasValue, maxIds = ARGV[8] == '1', tonumber(ARGV[10])
local events, values, fired = KEYS[2], KEYS[3], KEYS[4]

local claimed, replayed = claimOrReplay(KEYS[1], KEYS[7], id, t, tonumber(ARGV[3]), ARGV[14])
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
if hasValue then redis.call('HSET', values, id, ARGV[9]) end
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
track(KEYS[8], ARGV[16], newest, tonumber(ARGV[15]), tonumber(ttl), function(member)
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
      local carried = throttled(KEYS[5], KEYS[6], id, te, ARGV[11], ARGV[12], ARGV[13])
      if carried < 0 then return { 'suppressed' } end
      return remember(KEYS[7], ARGV[3], { 'alert', tostring(carried), tostring(count), firstTime, str(te), ids, top })
    end
    rank = rank + 1
  end
end
end
return wrapReply(run())
`,
};
