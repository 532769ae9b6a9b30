import type { LuaScript } from './define-scripts.js';
import { luaPrelude, type StateReply } from './lua-prelude.js';
import { recordPrelude } from './record-prelude.js';

/**
 * Lua shared by the two spike scripts: the window arithmetic of state/memory/spike.ts, function for
 * function. A group's state is one JSON field of the rule's hash: v (its values JSON), n (newest event
 * time), lo (lowest step kept), b (step index -> events), u and d (ends of the windows that alerted).
 */
const spikePrelude = `
local function lowestStep(newest, W, s, lateness)
  return math.floor((newest - lateness) / s) + 1 - 2 * W / s
end

local function endingAfter(list, keep)
  local out = {}
  for _, e in ipairs(list) do
    if e > keep then out[#out + 1] = e end
  end
  return out
end

local function trimGroup(group, W, s, lateness)
  local low = lowestStep(group.n, W, s, lateness)
  if low > group.lo then group.lo = low end
  for k in pairs(group.b) do
    if tonumber(k) < group.lo then group.b[k] = nil end
  end
  local keep = group.lo * s + W
  group.u = endingAfter(group.u, keep)
  group.d = endingAfter(group.d, keep)
end

local function firstJudged(start, group, W, s)
  local watched = math.ceil((start + 2 * W) / s) * s
  local kept = group.lo * s + 2 * W
  if kept > watched then return kept end
  return watched
end

local function counts(b, E, n, s)
  local last = E / s - 1
  local cur, prev = 0, 0
  for i = last - n + 1, last do cur = cur + (b[str(i)] or 0) end
  for i = last - 2 * n + 1, last - n do prev = prev + (b[str(i)] or 0) end
  return cur, prev
end

local function spikes(dir, cur, prev, ratio, drop, minCur, minPrev)
  if dir == 'up' then
    return ratio ~= nil and cur >= math.max(minCur, 1) and prev >= minPrev and cur >= ratio * prev
  end
  return drop ~= nil and prev >= math.max(minPrev, 1) and cur >= minCur and cur * 100 <= prev * (100 - drop)
end

local function rearmed(alerted, E, W)
  for _, other in ipairs(alerted) do
    if math.abs(E - other) < W then return false end
  end
  return true
end
`;

export const spikeLua: LuaScript<4, 14, StateReply> = {
  numberOfKeys: 4,
  numberOfArgs: 14,
  lua: `--[[
  Records an event of a spike rule. Mirrors recordSpike in state/memory/spike.ts; semantics in
  evaluation/aggregations/spike.ts.

  Input:
    KEYS[1..3], ARGV[1..7] the record head (recordPrelude); no throttle
    KEYS[4] state (hash: start, judged, fired, g:<group> the group's JSON)

    ARGV[8]  group values JSON
    ARGV[9]  windowMs
    ARGV[10] stepMs
    ARGV[11] ratio ('': rises are not watched)
    ARGV[12] min current
    ARGV[13] min previous
    ARGV[14] lateness

  Output:
    {reply, evicted}, the reply {'duplicate'|'late'|'quiet'}
    or {'alert'|'replayed', direction, end, current, previous, lastTime}
]]
${luaPrelude}
${recordPrelude}
${spikePrelude}
local function run()
local _, t, ttl, g, index, maxGroups = recordHead()
local W, s = tonumber(ARGV[9]), tonumber(ARGV[10])
local n = W / s
local ratio = tonumber(ARGV[11])
local minCur, minPrev, lateness = tonumber(ARGV[12]), tonumber(ARGV[13]), tonumber(ARGV[14])
local state = KEYS[4]

local claimed, replayed = claimOrReplay()
if replayed then return replayed end
if claimed == 'stale' then return { 'late' } end
local saved = redis.call('HGET', state, 'g:' .. g)
local group
if saved then
  group = cjson.decode(saved)
  if t < group.n - lateness then return { 'late' } end
end
local start = tonumber(redis.call('HGET', state, 'start') or ARGV[2])
if t < start then start = t end
redis.call('HSET', state, 'start', str(start))
if not group then group = { v = ARGV[8], n = t, lo = lowestStep(t, W, s, lateness), b = {}, u = {}, d = {} } end
local step = math.floor(t / s)
group.b[str(step)] = (group.b[str(step)] or 0) + 1
if t > group.n then group.n = t end
trimGroup(group, W, s, lateness)
track(index, g, group.n, maxGroups, tonumber(ttl), function(member)
  redis.call('HDEL', state, 'g:' .. member)
end)

-- The open windows that hold this event, up to the one the group's newest event falls in, earliest first.
local reply = { 'quiet' }
if ratio then
  local from = math.max((step + 1) * s, firstJudged(start, group, W, s))
  local judged = redis.call('HGET', state, 'judged')
  if judged then from = math.max(from, tonumber(judged) + s) end
  local last = (math.floor(group.n / s) + 1) * s
  for E = from, last, s do
    local cur, prev = counts(group.b, E, n, s)
    if spikes('up', cur, prev, ratio, nil, minCur, minPrev) and rearmed(group.u, E, W) then
      group.u[#group.u + 1] = E
      reply = remember({ 'alert', 'up', str(E), str(cur), str(prev), str(math.min(E, group.n)) })
      break
    end
  end
end
redis.call('HSET', state, 'g:' .. g, cjson.encode(group))
redis.call('PEXPIRE', state, ttl)
return reply
end
return wrapReply(run())
`,
};

export const checkSpikeLua: LuaScript<2, 9, StateReply> = {
  numberOfKeys: 2,
  numberOfArgs: 9,
  lua: `--[[
  The spike check of one rule. Mirrors checkSpike in state/memory/spike.ts.

  Input:
    KEYS[1] state (as in spikeLua)
    KEYS[2] group index (as in spikeLua)

    ARGV[1] now
    ARGV[2] windowMs
    ARGV[3] stepMs
    ARGV[4] ratio ('': rises are not watched)
    ARGV[5] drop percent ('': drops are not watched)
    ARGV[6] min current
    ARGV[7] min previous
    ARGV[8] ttl
    ARGV[9] replayMs

  Output:
    {group, values JSON, direction, end, current, previous, lastTime, replayed ('1'/'0'), ...} for each
    window that alerts now, or (replayed) each one a check at this same now fired
]]
${luaPrelude}
${spikePrelude}
local now = tonumber(ARGV[1])
local W, s = tonumber(ARGV[2]), tonumber(ARGV[3])
local n = W / s
local ratio, drop = tonumber(ARGV[4]), tonumber(ARGV[5])
local minCur, minPrev = tonumber(ARGV[6]), tonumber(ARGV[7])
local ttl, replayMs = ARGV[8], tonumber(ARGV[9])
local state = KEYS[1]

local start = tonumber(redis.call('HGET', state, 'start') or ARGV[1])
if now < start then start = now end
redis.call('HSET', state, 'start', str(start))
redis.call('PEXPIRE', state, ttl)
local fired = cjson.decode(redis.call('HGET', state, 'fired') or '[]')
local out = {}
local function emit(a, replayed)
  append(out, a.g, a.v, a.dir, str(a.e), str(a.c), str(a.p), str(a.l), replayed)
end
local nowEnd = math.floor(now / s) * s
local judged = redis.call('HGET', state, 'judged')
if judged and nowEnd <= tonumber(judged) then
  for _, f in ipairs(fired) do
    if f.at == now then emit(f, '1') end
  end
  return out
end

local directions = {}
if ratio then directions[#directions + 1] = 'up' end
if drop then directions[#directions + 1] = 'down' end
local alerts = {}
local names, fields = groupsIn(state, 'g:')
for _, g in ipairs(names) do
  local group = cjson.decode(fields['g:' .. g])
  local from = firstJudged(start, group, W, s)
  if judged then from = math.max(from, tonumber(judged) + s) end
  local newestStep = math.floor(group.n / s) * s
  local changed = false
  for E = from, math.min(nowEnd, newestStep + 2 * W), s do
    local cur, prev = counts(group.b, E, n, s)
    for _, dir in ipairs(directions) do
      local alerted = group.u
      if dir == 'down' then alerted = group.d end
      if spikes(dir, cur, prev, ratio, drop, minCur, minPrev) and rearmed(alerted, E, W) then
        alerted[#alerted + 1] = E
        changed = true
        alerts[#alerts + 1] = { g = g, v = group.v, dir = dir, e = E, c = cur, p = prev, l = E }
      end
    end
  end
  -- Every window that holds one of its events is judged, and its alerts can no longer overlap a new
  -- window's: a later event starts it afresh.
  if newestStep + 3 * W <= nowEnd then
    redis.call('HDEL', state, 'g:' .. g)
    redis.call('ZREM', KEYS[2], g)
  elseif changed then
    redis.call('HSET', state, 'g:' .. g, cjson.encode(group))
  end
end
redis.call('HSET', state, 'judged', str(nowEnd))
local kept = {}
for _, f in ipairs(fired) do
  if f.at > now - replayMs then kept[#kept + 1] = f end
end
for _, a in ipairs(alerts) do
  a.at = now
  kept[#kept + 1] = a
  emit(a, '0')
end
redis.call('HSET', state, 'fired', cjson.encode(kept))
return out
`,
};
