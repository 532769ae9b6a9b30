import type { LuaScript } from './define-scripts.js';
import { luaPrelude, type StateReply } from './lua-prelude.js';
import { recordPrelude } from './record-prelude.js';

/**
 * Positions in event order and the search for a completed sequence, shared by the sequence scripts.
 * Mirrors the helpers of state/memory/sequence.ts. A position is { t = time, id = event id }.
 */
const sequencePrelude = `
local function cmp(a, b)
  if a.t ~= b.t then
    if a.t < b.t then return -1 end
    return 1
  end
  if a.id == b.id then return 0 end
  if bytesLess(a.id, b.id) then return -1 end
  return 1
end

local function readPosition(text)
  if not text then return nil end
  local t, id = string.match(text, '^(-?%d+):(.*)$')
  return { t = tonumber(t), id = id }
end

local function writePosition(p)
  return str(p.t) .. ':' .. p.id
end

-- Members of the zset ordered before position p (below), or at or before it (upTo).
local function countBelow(key, p, inclusive)
  local n = redis.call('ZCOUNT', key, '-inf', '(' .. str(p.t))
  for _, m in ipairs(redis.call('ZRANGEBYSCORE', key, str(p.t), str(p.t))) do
    if bytesLess(m, p.id) or (inclusive and m == p.id) then n = n + 1 end
  end
  return n
end
local function rankOf(key, p) return countBelow(key, p, false) end
local function countUpTo(key, p) return countBelow(key, p, true) end

local function memberAt(key, rank)
  if rank < 0 then return nil end
  local got = redis.call('ZRANGE', key, rank, rank, 'WITHSCORES')
  if not got[1] then return nil end
  return { id = got[1], t = tonumber(got[2]) }
end

local function firstAfter(key, p)
  return memberAt(key, countUpTo(key, p))
end

-- The group being searched: set by the script before it searches.
local S = {}

local function valueOf(k, e)
  if S.rules[k][3] == 1 then return redis.call('HGET', S.info, k .. ':' .. e.id) or '' end
  return e.id
end

-- Among step k's events of rank below upper, after R and later than floor: the set of consecutive
-- events with threshold distinct values within the step window whose first event is latest, oldest
-- first; nil when there is none. Mirrors latestSet.
local function latestSet(k, upper, floor)
  local key, threshold, window = S.steps[k], S.rules[k][1], S.rules[k][2]
  local seen = {}
  local function at(i)
    if i < #seen then return seen[i + 1] end
    local e = memberAt(key, upper - 1 - i)
    if not e or e.t <= floor or (S.r and cmp(e, S.r) <= 0) then return nil end
    seen[#seen + 1] = e
    return e
  end
  local counts, distinct = {}, 0
  local j, nextIndex = 0, 0
  while true do
    local last = at(j)
    if not last then return nil end
    while nextIndex <= j or distinct < threshold do
      local e = at(nextIndex)
      if not e then return nil end
      local v = valueOf(k, e)
      local n = counts[v] or 0
      if n == 0 then distinct = distinct + 1 end
      counts[v] = n + 1
      nextIndex = nextIndex + 1
    end
    if last.t - seen[nextIndex].t < window then
      local members = {}
      for i = nextIndex, j + 1, -1 do members[#members + 1] = seen[i] end
      return members
    end
    local v = valueOf(k, last)
    local n = (counts[v] or 1) - 1
    if n == 0 then distinct = distinct - 1 end
    counts[v] = n
    j = j + 1
  end
end

-- What a step's set shows: its events, or for a distinct step the newest event of each value.
local function stepWindow(k, members)
  local shown = members
  if S.rules[k][3] == 1 then
    local newest, order = {}, {}
    for _, e in ipairs(members) do
      local v = valueOf(k, e)
      if not newest[v] then order[#order + 1] = v end
      newest[v] = e
    end
    shown = {}
    for _, v in ipairs(order) do shown[#shown + 1] = newest[v] end
    table.sort(shown, function(a, b) return cmp(a, b) < 0 end)
  end
  local ids = {}
  for i = 1, math.min(#shown, S.maxIds) do ids[i] = shown[i].id end
  return { count = #shown, firstTime = str(members[1].t), lastTime = str(members[#members].t), eventIds = ids }
end

-- The steps of a sequence whose last step ends at or before e, spanning less than the window measured
-- to e, or nil. Mirrors completion.
local function completion(e)
  local floor = e.t - S.window
  local n = #S.steps
  local windows = {}
  local upper = countUpTo(S.steps[n], e)
  for k = n, 1, -1 do
    local members = latestSet(k, upper, floor)
    if not members then return nil end
    windows[k] = stepWindow(k, members)
    if k > 1 then upper = rankOf(S.steps[k - 1], members[1]) end
  end
  return windows
end

-- The earliest last-step event after R at which a sequence completes, and its steps; only events that
-- can have changed since the last search are tried. Mirrors earliestCompletion.
local function earliestCompletion(x)
  local last = S.steps[#S.steps]
  local afterReset, afterScanned = 0, 0
  if S.r then afterReset = countUpTo(last, S.r) end
  if S.s then afterScanned = countUpTo(last, S.s) end
  local i = afterScanned
  if S.s and cmp(x, S.s) <= 0 then i = rankOf(last, x) end
  if afterReset > i then i = afterReset end
  while true do
    local e = memberAt(last, i)
    if not e then break end
    if i < afterScanned and e.t >= x.t + S.window then
      i = afterScanned
    else
      local steps = completion(e)
      if steps then return e, steps end
      i = i + 1
    end
  end
  local top = memberAt(last, redis.call('ZCARD', last) - 1)
  if top and (not S.s or cmp(top, S.s) > 0) then S.s = top end
  return nil
end

-- Indexes the group by the earliest close of its unfired waits, or drops it from the index.
local function updateDue(dueKey, g, waits)
  local nextClose
  for _, w in ipairs(waits) do
    if not w.firedAt and (not nextClose or tonumber(w.close) < nextClose) then nextClose = tonumber(w.close) end
  end
  if nextClose then redis.call('ZADD', dueKey, str(nextClose), g) else redis.call('ZREM', dueKey, g) end
end
`;

export const sequenceLua: LuaScript<15, 28, StateReply> = {
  numberOfKeys: 15,
  numberOfArgs: 28,
  lua: `--[[
  Records an event of a sequence rule. Mirrors recordSequence in state/memory/sequence.ts; semantics in
  evaluation/aggregations/sequence.ts.

  Input:
    KEYS[1..5], ARGV[1..10] the record head and the throttle (recordPrelude)
    KEYS[6] info (hash: r, s "time:id" positions, n newest time, "<step>:<event id>" distinct values)
    KEYS[7..11] the events of steps 1..5 (zsets: event id -> time; unused steps name the unused key)
    KEYS[12] absent events (zset: event id -> time)
    KEYS[13] waits (hash: group key -> JSON { values, waits: [{ c, close, steps, open, firedAt? }] })
    KEYS[14] due (zset: group key -> earliest close of its unfired waits)
    KEYS[15] fired (zset: group key -> the now of the tick that last fired one of its waits)

    ARGV[11] windowMs
    ARGV[12] lateness
    ARGV[13] steps JSON: [[threshold, windowMs, distinct 1/0], ...]
    ARGV[14] matches: '1'/'0' per step
    ARGV[15] values JSON: per step, the event's distinct value
    ARGV[16] negative form ('1'/'0')
    ARGV[17] absent windowMs
    ARGV[18] the event is an absent event ('1'/'0')
    ARGV[19] waits ttl
    ARGV[20] max event ids
    ARGV[21] group values JSON
    ARGV[22..26] key prefixes of a group's step 1..5 events, ARGV[27] absent, ARGV[28] info (the group key follows)

  Output:
    {reply, evicted}, the reply {'duplicate'|'late'|'quiet'|'suppressed'}
    or {'alert'|'replayed', JSON { state: 'firing'|'resolved', suppressed, steps }}
]]
${luaPrelude}
${recordPrelude}
${sequencePrelude}
local function run()
local id, t, ttl, g, index, maxGroups = recordHead()
local lateness = tonumber(ARGV[12])
local rules = cjson.decode(ARGV[13])
local matches, values = ARGV[14], cjson.decode(ARGV[15])
local negative, isAbsent = ARGV[16] == '1', ARGV[18] == '1'
local info, absentKey, waitsKey, dueKey = KEYS[6], KEYS[12], KEYS[13], KEYS[14]

local claimed, replayed = claimOrReplay()
if replayed then return replayed end
if claimed == 'stale' then return { 'late' } end
if not string.find(matches, '1', 1, true) and not isAbsent then return { 'quiet' } end
local steps = {}
for k = 1, #rules do steps[k] = KEYS[6 + k] end
for k = 1, #steps do
  if redis.call('ZSCORE', steps[k], id) then return { 'duplicate' } end
end
if negative and redis.call('ZSCORE', absentKey, id) then return { 'duplicate' } end
local newest = t
local stored = redis.call('HGET', info, 'n')
if stored and tonumber(stored) > newest then newest = tonumber(stored) end
if t < newest - lateness then return { 'late' } end
redis.call('HSET', info, 'n', str(newest))

local x = { t = t, id = id }
for k = 1, #steps do
  if string.sub(matches, k, k) == '1' then
    redis.call('ZADD', steps[k], str(t), id)
    if rules[k][3] == 1 then redis.call('HSET', info, k .. ':' .. id, values[k]) end
  end
end
if negative and isAbsent then redis.call('ZADD', absentKey, str(t), id) end
-- A sequence spans less than windowMs and a late event is at most latenessMs behind the newest.
local cut = str(newest - tonumber(ARGV[11]) - lateness)
for k = 1, #steps do
  if rules[k][3] == 1 then
    for _, old in ipairs(redis.call('ZRANGEBYSCORE', steps[k], '-inf', cut)) do
      redis.call('HDEL', info, k .. ':' .. old)
    end
  end
  redis.call('ZREMRANGEBYSCORE', steps[k], '-inf', cut)
  redis.call('PEXPIRE', steps[k], ttl)
end
redis.call('PEXPIRE', info, ttl)
if negative then
  redis.call('ZREMRANGEBYSCORE', absentKey, '-inf', cut)
  redis.call('PEXPIRE', absentKey, ttl)
end
local groupKeys = { ARGV[22], ARGV[23], ARGV[24], ARGV[25], ARGV[26], ARGV[27], ARGV[28] }
-- A dead group leaves its waits for the tick to fire; an evicted one loses them.
track(index, g, newest, maxGroups, tonumber(ttl), function(member)
  deleteUnder(groupKeys, member)
end, function(member)
  deleteUnder(groupKeys, member)
  redis.call('HDEL', waitsKey, member)
  redis.call('ZREM', dueKey, member)
  redis.call('ZREM', KEYS[15], member)
end)

S = {
  steps = steps,
  rules = rules,
  info = info,
  window = tonumber(ARGV[11]),
  maxIds = tonumber(ARGV[20]),
  r = readPosition(redis.call('HGET', info, 'r')),
  s = readPosition(redis.call('HGET', info, 's')),
}
local function save()
  if S.r then redis.call('HSET', info, 'r', writePosition(S.r)) end
  if S.s then redis.call('HSET', info, 's', writePosition(S.s)) end
end

if not negative then
  local c, found = earliestCompletion(x)
  if not c then
    save()
    return { 'quiet' }
  end
  S.r, S.s = c, c
  save()
  local carried = throttled(id, c.t)
  if carried < 0 then return { 'suppressed' } end
  return remember({ 'alert', cjson.encode({ state = 'firing', suppressed = carried, steps = found }) })
end

local absentWindow = tonumber(ARGV[17])
local waits = {}
local entry = redis.call('HGET', waitsKey, g)
if entry then waits = cjson.decode(entry).waits end
-- A fired wait is kept while an absent event could still arrive in its window and resolve it.
local kept = {}
for _, w in ipairs(waits) do
  if not w.firedAt or tonumber(w.close) >= newest - lateness then kept[#kept + 1] = w end
end
waits = kept
local reply = { 'quiet' }
if isAbsent then
  for i, w in ipairs(waits) do
    if cmp(x, { t = tonumber(w.c[1]), id = w.c[2] }) > 0 and t <= tonumber(w.close) then
      table.remove(waits, i)
      if w.open then S.r = x end
      if w.firedAt then
        reply = remember({ 'alert', cjson.encode({ state = 'resolved', suppressed = 0, steps = w.steps }) })
      end
      break
    end
  end
end
while true do
  local last = waits[#waits]
  if last and last.open then
    if newest <= tonumber(last.close) then break end
    last.open = false
    S.r = { t = tonumber(last.close) + 1, id = '' }
  end
  local c, found = earliestCompletion(x)
  if not c then break end
  S.r, S.s = c, c
  local close = c.t + absentWindow
  local ended = firstAfter(absentKey, c)
  if ended and ended.t <= close then
    S.r = ended
  else
    waits[#waits + 1] = { c = { str(c.t), c.id }, close = str(close), steps = found, open = true }
  end
end
save()
if #waits > 0 then
  redis.call('HSET', waitsKey, g, cjson.encode({ values = cjson.decode(ARGV[21]), waits = waits }))
else
  redis.call('HDEL', waitsKey, g)
end
updateDue(dueKey, g, waits)
redis.call('PEXPIRE', waitsKey, ARGV[19])
redis.call('PEXPIRE', dueKey, ARGV[19])
return reply
end
return wrapReply(run())
`,
};

export const checkSequencesLua: LuaScript<3, 3, StateReply> = {
  numberOfKeys: 3,
  numberOfArgs: 3,
  lua: `--[[
  The check of one negative sequence rule. Mirrors checkSequences in state/memory/sequence.ts.

  Input:
    KEYS[1] waits (as in sequenceLua)
    KEYS[2] due (as in sequenceLua)
    KEYS[3] fired (as in sequenceLua)

    ARGV[1] now
    ARGV[2] lateness
    ARGV[3] ttl

  Output:
    {group, values JSON, steps JSON, close, replayed ('1'/'0'), ...} for each wait that fires now, and
    (replayed) each that a check at this same now fired
]]
${luaPrelude}
${sequencePrelude}
local now, lateness, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local waitsKey, dueKey, firedKey = KEYS[1], KEYS[2], KEYS[3]

-- Waits fired more than the lateness ago can no longer be resolved: forgotten.
for _, g in ipairs(redis.call('ZRANGEBYSCORE', firedKey, '-inf', str(now - lateness))) do
  redis.call('ZREM', firedKey, g)
  local json = redis.call('HGET', waitsKey, g)
  if json then
    local entry = cjson.decode(json)
    local kept = {}
    for _, w in ipairs(entry.waits) do
      if not w.firedAt then kept[#kept + 1] = w end
    end
    if #kept == 0 then
      redis.call('HDEL', waitsKey, g)
    else
      entry.waits = kept
      redis.call('HSET', waitsKey, g, cjson.encode(entry))
    end
  end
end
local names, seen = {}, {}
for _, list in ipairs({
  redis.call('ZRANGEBYSCORE', dueKey, '-inf', str(now)),
  redis.call('ZRANGEBYSCORE', firedKey, str(now), str(now)),
}) do
  for _, g in ipairs(list) do
    if not seen[g] then
      seen[g] = true
      names[#names + 1] = g
    end
  end
end
table.sort(names, bytesLess)
local out = {}
for _, g in ipairs(names) do
  local json = redis.call('HGET', waitsKey, g)
  if not json then
    redis.call('ZREM', dueKey, g)
  else
    local entry = cjson.decode(json)
    local firedNow = false
    for _, w in ipairs(entry.waits) do
      local replayed = w.firedAt ~= nil and tonumber(w.firedAt) == now
      if replayed or (not w.firedAt and tonumber(w.close) <= now) then
        w.firedAt = str(now)
        if not replayed then firedNow = true end
        out[#out + 1] = g
        out[#out + 1] = cjson.encode(entry.values)
        out[#out + 1] = cjson.encode(w.steps)
        out[#out + 1] = w.close
        out[#out + 1] = replayed and '1' or '0'
      end
    end
    redis.call('HSET', waitsKey, g, cjson.encode(entry))
    if firedNow then redis.call('ZADD', firedKey, str(now), g) end
    updateDue(dueKey, g, entry.waits)
  end
end
redis.call('PEXPIRE', waitsKey, ttl)
redis.call('PEXPIRE', dueKey, ttl)
redis.call('PEXPIRE', firedKey, ttl)
return out
`,
};
