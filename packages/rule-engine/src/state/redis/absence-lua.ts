import { luaPrelude } from './lua-prelude.js';

/**
 * An event of an absence rule. Mirrors memory-ops/absence.ts recordAlive; semantics in aggregations/absence.ts.
 * KEYS: claims, groups (hash t:<group> newest time, v:<group> values JSON, f:<group> "firedAt:silenceStart"),
 *       outcome.
 * ARGV: event id, time, claim retention, ttl, group key, group values JSON, windowMs.
 * Returns {'duplicate'|'quiet'} or {'resolved'|'replayed', silenceStart, firedAt}.
 */
export const aliveLua = `${luaPrelude}
local id, t = ARGV[1], tonumber(ARGV[2])
local groups, g, W = KEYS[2], ARGV[5], tonumber(ARGV[7])

local _, replayed = claimOrReplay(KEYS[1], KEYS[3], id, t, tonumber(ARGV[3]))
if replayed then return replayed end
redis.call('HSETNX', groups, 'v:' .. g, ARGV[6])
local last = redis.call('HGET', groups, 't:' .. g)
if not last or t > tonumber(last) then
  redis.call('HSET', groups, 't:' .. g, str(t))
  last = t
else
  last = tonumber(last)
end
redis.call('PEXPIRE', groups, ARGV[4])
local fired = redis.call('HGET', groups, 'f:' .. g)
if not fired then return { 'quiet' } end
local at, silenceStart = string.match(fired, '^(-?%d+):(-?%d+)$')
if last <= tonumber(at) - W then return { 'quiet' } end
redis.call('HDEL', groups, 'f:' .. g)
return remember(KEYS[3], ARGV[3], { 'resolved', silenceStart, at })
`;

/**
 * The absence check of one rule. Mirrors memory-ops/absence.ts checkAbsence.
 * KEYS: groups (as above), start (string: time of the first check).
 * ARGV: now, windowMs, forgetAfterMs, ttl, ungrouped ('1'/'0'), ungrouped group key, its values JSON.
 * Returns {group, values JSON, silenceStart, replayed ('1'/'0'), ...} for each group that starts firing
 * now, and (replayed) each still-firing group that a check at this same now fired.
 */
export const checkAbsenceLua = `${luaPrelude}
local now, W, forget = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local ttl, ungrouped = ARGV[4], ARGV[5] == '1'
local groups = KEYS[1]

local start = tonumber(redis.call('GET', KEYS[2]) or ARGV[1])
redis.call('SET', KEYS[2], str(start), 'PX', ttl)
if ungrouped then redis.call('HSETNX', groups, 'v:' .. ARGV[6], ARGV[7]) end
local all = redis.call('HGETALL', groups)
local fields = {}
for i = 1, #all, 2 do fields[all[i]] = all[i + 1] end
local out = {}
for field, json in pairs(fields) do
  if string.sub(field, 1, 2) == 'v:' then
    local g = string.sub(field, 3)
    local last = fields['t:' .. g]
    local since = start
    if last then since = tonumber(last) end
    local fired = fields['f:' .. g]
    local firedAt, firedSince
    if fired then firedAt, firedSince = string.match(fired, '^(-?%d+):(-?%d+)$') end
    if not fired then
      if since + W <= now then
        redis.call('HSET', groups, 'f:' .. g, str(now) .. ':' .. str(since))
        out[#out + 1] = g
        out[#out + 1] = json
        out[#out + 1] = str(since)
        out[#out + 1] = '0'
      end
    elseif tonumber(firedAt) == now then
      out[#out + 1] = g
      out[#out + 1] = json
      out[#out + 1] = firedSince
      out[#out + 1] = '1'
    elseif not ungrouped and since <= now - forget then
      redis.call('HDEL', groups, 't:' .. g, 'v:' .. g, 'f:' .. g)
    end
  end
end
redis.call('PEXPIRE', groups, ttl)
return out
`;
