import type { LuaScript } from './define-scripts.js';
import { luaPrelude, type StateReply } from './lua-prelude.js';
import { recordPrelude } from './record-prelude.js';

export const aliveLua: LuaScript<4, 9, StateReply> = {
  numberOfKeys: 4,
  numberOfArgs: 9,
  lua: `--[[
  Records an event of an absence rule. Mirrors recordAlive in state/memory/absence.ts; semantics in
  evaluation/aggregations/absence.ts.

  Input:
    KEYS[1..3], ARGV[1..7] the record head (recordPrelude); no throttle
    KEYS[4] groups (hash: t:<group> newest time, v:<group> values JSON, f:<group> "firedAt:silenceStart")

    ARGV[8] group values JSON
    ARGV[9] windowMs

  Output:
    {reply, evicted}, the reply {'duplicate'|'quiet'} or {'resolved'|'replayed', silenceStart, firedAt}
]]
${luaPrelude}
${recordPrelude}
local function run()
local _, t, ttl, g, index, maxGroups = recordHead()
local groups, W = KEYS[4], tonumber(ARGV[9])

local _, replayed = claimOrReplay()
if replayed then return replayed end
redis.call('HSETNX', groups, 'v:' .. g, ARGV[8])
local last = redis.call('HGET', groups, 't:' .. g)
if not last or t > tonumber(last) then
  redis.call('HSET', groups, 't:' .. g, str(t))
  last = t
else
  last = tonumber(last)
end
redis.call('PEXPIRE', groups, ttl)
track(index, g, last, maxGroups, tonumber(ttl), function(member)
  redis.call('HDEL', groups, 't:' .. member, 'v:' .. member, 'f:' .. member)
end)
local fired = redis.call('HGET', groups, 'f:' .. g)
if not fired then return { 'quiet' } end
local at, silenceStart = string.match(fired, '^(-?%d+):(-?%d+)$')
if last <= tonumber(at) - W then return { 'quiet' } end
redis.call('HDEL', groups, 'f:' .. g)
return remember({ 'resolved', silenceStart, at })
end
return wrapReply(run())
`,
};

export const checkAbsenceLua: LuaScript<3, 7, StateReply> = {
  numberOfKeys: 3,
  numberOfArgs: 7,
  lua: `--[[
  The absence check of one rule. Mirrors checkAbsence in state/memory/absence.ts.

  Input:
    KEYS[1] groups (as in aliveLua)
    KEYS[2] start (string: time of the first check)
    KEYS[3] group index (as in aliveLua)

    ARGV[1] now
    ARGV[2] windowMs
    ARGV[3] forgetAfterMs
    ARGV[4] ttl
    ARGV[5] ungrouped ('1'/'0')
    ARGV[6] the ungrouped group key
    ARGV[7] its values JSON

  Output:
    {group, values JSON, silenceStart, replayed ('1'/'0'), ...} for each group that starts firing now,
    and (replayed) each still-firing group that a check at this same now fired
]]
${luaPrelude}
local now, W, forget = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local ttl, ungrouped = ARGV[4], ARGV[5] == '1'
local groups = KEYS[1]

local start = tonumber(redis.call('GET', KEYS[2]) or ARGV[1])
redis.call('SET', KEYS[2], str(start), 'PX', ttl)
if ungrouped then redis.call('HSETNX', groups, 'v:' .. ARGV[6], ARGV[7]) end
local names, fields = groupsIn(groups, 'v:')
local out = {}
for _, g in ipairs(names) do
  local json = fields['v:' .. g]
  local last = fields['t:' .. g]
  local since = start
  if last then since = tonumber(last) end
  local fired = fields['f:' .. g]
  local firedAt, firedSince
  if fired then firedAt, firedSince = string.match(fired, '^(-?%d+):(-?%d+)$') end
  if not fired then
    if since + W <= now then
      redis.call('HSET', groups, 'f:' .. g, str(now) .. ':' .. str(since))
      append(out, g, json, str(since), '0')
    end
  elseif tonumber(firedAt) == now then
    append(out, g, json, firedSince, '1')
  elseif not ungrouped and since <= now - forget then
    redis.call('HDEL', groups, 't:' .. g, 'v:' .. g, 'f:' .. g)
    redis.call('ZREM', KEYS[3], g)
  end
end
redis.call('PEXPIRE', groups, ttl)
return out
`,
};
