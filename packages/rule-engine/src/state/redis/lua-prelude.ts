/** The reply of a RedisStateStore script: a status first, then what the status carries. */
export type StateReply = Array<string | StateReply | null>;

/**
 * Lua shared by every RedisStateStore script (each script is its header, this prelude and its body, so
 * one EVALSHA is one atomic step). Mirrors state/memory/claim.ts, state/memory/throttle.ts and
 * state/memory/top-values.ts. Scores are formatted with %d: Lua's default number format keeps only 14
 * digits.
 */
export const luaPrelude = `
local function str(n) return string.format('%d', n) end

-- Claims (rule, event id): 'new', 'duplicate', or 'stale' (more than the retention behind the rule's
-- newest event: not claimed). Ids are scored by the rule's newest event time.
local function claim(key, id, t, retention)
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
  redis.call('PEXPIRE', key, str(retention))
  return 'new'
end

-- Claims the event and returns the claim, plus the reply to return at once: for an event whose claim
-- is 'duplicate' or 'stale', the reply it recorded (see remember) as 'replayed', its TTL and the
-- claims' renewed; else {'duplicate'} for a duplicate. Mirrors replayOutcome in state/memory/claim.ts.
local function claimOrReplay(claimsKey, outcomeKey, id, t, retention)
  local claimed = claim(claimsKey, id, t, retention)
  if claimed == 'new' then return claimed, nil end
  local saved = redis.call('GET', outcomeKey)
  if saved then
    redis.call('PEXPIRE', outcomeKey, str(retention))
    redis.call('PEXPIRE', claimsKey, str(retention))
    local reply = cjson.decode(saved)
    reply[1] = 'replayed'
    return claimed, reply
  end
  if claimed == 'duplicate' then return claimed, { 'duplicate' } end
  return claimed, nil
end

-- Records a reply that alerts or resolves under the event's outcome key, expiring like the claim
-- (claim retention, wall clock), for claimOrReplay. Returns the reply. Mirrors rememberOutcome in
-- state/memory/claim.ts.
local function remember(outcomeKey, retention, reply)
  if tonumber(retention) > 0 then redis.call('SET', outcomeKey, cjson.encode(reply), 'PX', retention) end
  return reply
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

-- Runs the throttle when the record has one (forMs > 0): the carried count, or -1 when suppressed.
local function throttled(timesKey, countKey, alertId, t, forArg, latenessArg, ttlArg)
  local forMs = tonumber(forArg)
  if forMs <= 0 then return 0 end
  return throttle(timesKey, countKey, alertId, t, forMs, tonumber(latenessArg), ttlArg)
end
`;
