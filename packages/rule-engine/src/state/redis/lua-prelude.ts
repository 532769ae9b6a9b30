/** The reply of a RedisStateStore script: a status first, then what the status carries. */
export type StateReply = Array<string | StateReply | null>;

/**
 * Lua shared by every RedisStateStore script (each script is its header, this prelude, recordPrelude for
 * a record script, and its body, so one EVALSHA is one atomic step). Mirrors state/memory/claim.ts,
 * state/memory/throttle.ts and state/memory/top-values.ts. Scores are formatted with %d: Lua's default
 * number format keeps only 14 digits.
 */
export const luaPrelude = `
local function str(n) return string.format('%d', n) end

-- Groups evicted by this call (see track), returned beside the reply by wrapReply.
local evicted = 0

-- Claims (rule, event id): 'new', 'duplicate', or 'stale' (more than the retention behind the rule's
-- newest event: not claimed). Ids are scored by the rule's newest event time; beyond maxClaims the
-- oldest are forgotten.
local function claim(key, id, t, retention, maxClaims)
  if redis.call('ZSCORE', key, id) then return 'duplicate' end
  local top = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  local clock = t
  if top[2] then
    local newest = tonumber(top[2])
    if t <= newest - retention then return 'stale' end
    if newest > clock then clock = newest end
  end
  redis.call('ZADD', key, str(clock), id)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', str(clock - retention))
  local over = redis.call('ZCARD', key) - maxClaims
  if over > 0 then redis.call('ZPOPMIN', key, over) end
  redis.call('PEXPIRE', key, str(retention))
  return 'new'
end

-- The suppressed count to carry on an alert at t, or -1 when the alert is suppressed (and counted).
local function throttle(timesKey, countKey, alertId, t, forMs, lateness, ttl)
  if redis.call('ZCOUNT', timesKey, '(' .. str(t - forMs), '(' .. str(t + forMs)) > 0 then
    redis.call('INCR', countKey)
    redis.call('PEXPIRE', countKey, ttl)
    return -1
  end
  local carried = tonumber(redis.call('GET', countKey) or '0')
  redis.call('DEL', countKey)
  redis.call('ZADD', timesKey, str(t), alertId)
  local top = redis.call('ZRANGE', timesKey, -1, -1, 'WITHSCORES')
  redis.call('ZREMRANGEBYSCORE', timesKey, '-inf', str(tonumber(top[2]) - forMs - lateness))
  redis.call('PEXPIRE', timesKey, ttl)
  return carried
end

-- Keeps the zset of a rule's groups (member -> newest event time) within max members: removes the
-- oldest beyond it, never \`keep\` (the group being written), calling drop(member) for each, and counts
-- them in \`evicted\`. Mirrors evictOldest in state/memory/group-index.ts.
local function evictOldest(index, keep, max, drop)
  local over = redis.call('ZCARD', index) - max
  if over <= 0 then return end
  for _, member in ipairs(redis.call('ZRANGE', index, 0, over)) do
    if over > 0 and member ~= keep then
      redis.call('ZREM', index, member)
      drop(member)
      evicted = evicted + 1
      over = over - 1
    end
  end
end

-- Indexes group g of a rule at its newest event time t. Only when that makes more than max groups:
-- groups idle more than \`idle\` behind the rule's newest are dead (their keys expire on their own) and
-- dropped uncounted, then the oldest beyond max are evicted (evictOldest), with evict when given (state
-- a dead group leaves for later, an evicted one loses). Checking only then keeps the common step at
-- three commands. Mirrors trackGroup in state/memory/group-index.ts.
local function track(index, g, t, max, idle, drop, evict)
  redis.call('ZADD', index, 'GT', str(t), g)
  if redis.call('ZCARD', index) > max then
    local cut = '(' .. str(tonumber(redis.call('ZRANGE', index, -1, -1, 'WITHSCORES')[2]) - idle)
    for _, member in ipairs(redis.call('ZRANGEBYSCORE', index, '-inf', cut)) do
      if member ~= g then
        redis.call('ZREM', index, member)
        drop(member)
      end
    end
    evictOldest(index, g, max, evict or drop)
  end
  redis.call('PEXPIRE', index, str(idle))
end

-- The groups of a rule's hash, each kept in fields named prefix .. group key (in the hash's order), and
-- every field of the hash by name: the walk of the absence and spike checks.
local function groupsIn(hash, prefix)
  local all = redis.call('HGETALL', hash)
  local names, fields = {}, {}
  for i = 1, #all, 2 do
    fields[all[i]] = all[i + 1]
    if string.sub(all[i], 1, #prefix) == prefix then names[#names + 1] = string.sub(all[i], #prefix + 1) end
  end
  return names, fields
end

-- Appends the values, in order, to list (a check's flat reply).
local function append(list, ...)
  for _, v in ipairs({ ... }) do list[#list + 1] = v end
end

-- Deletes the keys named by each prefix followed by member.
local function deleteUnder(prefixes, member)
  for _, prefix in ipairs(prefixes) do redis.call('DEL', prefix .. member) end
end

-- The reply and the groups this call evicted: what every record script returns.
local function wrapReply(reply)
  return { reply, str(evicted) }
end

-- Byte order, as Redis orders members; Lua's < follows the server's locale.
local function bytesLess(a, b)
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end

-- The 5 most frequent values of a value->count table, flattened {value, count, ...}.
local function topValues(counts)
  local list = {}
  for value, count in pairs(counts) do list[#list + 1] = { value, count } end
  table.sort(list, function(a, b)
    if a[2] ~= b[2] then return a[2] > b[2] end
    return bytesLess(a[1], b[1])
  end)
  local out = {}
  for i = 1, math.min(5, #list) do
    out[#out + 1] = list[i][1]
    out[#out + 1] = tostring(list[i][2])
  end
  return out
end
`;
