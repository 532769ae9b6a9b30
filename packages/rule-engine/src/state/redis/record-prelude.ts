/**
 * Lua every record script runs after luaPrelude (and before its own): the head its KEYS and ARGV start
 * with (RedisStateStore's head and throttledHead build it) and what works on it: the claim, the outcome
 * remembered for replay, the throttle. These read the head where it stands, and a script takes the
 * values it uses as locals of its own (recordHead): no table and no upvalues per call, so the head costs
 * a record script nothing over passing the same values by hand.
 */
export const recordPrelude = `
-- The head, which every record script's KEYS and ARGV start with:
--   KEYS[1] claims                  ARGV[1] event id          ARGV[5] max claims
--   KEYS[2] outcome                 ARGV[2] time              ARGV[6] max groups
--   KEYS[3] group index (zset:      ARGV[3] claim retention   ARGV[7] group key
--     group key -> newest time)     ARGV[4] ttl
-- then, in a script that throttles, the throttle (without one: the unused key twice, ARGV '0'):
--   KEYS[4] throttle times          ARGV[8]  throttle forMs (0: none)
--   KEYS[5] throttle suppressed     ARGV[9]  throttle lateness
--                                   ARGV[10] throttle ttl
-- then the script's own KEYS and ARGV.

-- The head's event id, time, ttl, group key, group index and max groups (time and max groups as numbers).
local function recordHead()
  return ARGV[1], tonumber(ARGV[2]), ARGV[4], ARGV[7], KEYS[3], tonumber(ARGV[6])
end

-- Claims the event and returns the claim, plus the reply to return at once: for an event whose claim
-- is 'duplicate' or 'stale', the reply it recorded (see remember) as 'replayed', its TTL and the
-- claims' renewed; else {'duplicate'} for a duplicate. Mirrors replayOutcome in state/memory/claim.ts.
local function claimOrReplay()
  local retention = tonumber(ARGV[3])
  local claimed = claim(KEYS[1], ARGV[1], tonumber(ARGV[2]), retention, tonumber(ARGV[5]))
  if claimed == 'new' then return claimed, nil end
  local saved = redis.call('GET', KEYS[2])
  if saved then
    redis.call('PEXPIRE', KEYS[2], str(retention))
    redis.call('PEXPIRE', KEYS[1], str(retention))
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
local function remember(reply)
  if tonumber(ARGV[3]) > 0 then redis.call('SET', KEYS[2], cjson.encode(reply), 'PX', ARGV[3]) end
  return reply
end

-- Runs the throttle (a script that throttles) when the record has one (forMs > 0) for an alert at \`at\`:
-- the carried count, or -1 when suppressed.
local function throttled(alertId, at)
  local forMs = tonumber(ARGV[8])
  if forMs <= 0 then return 0 end
  return throttle(KEYS[4], KEYS[5], alertId, at, forMs, tonumber(ARGV[9]), ARGV[10])
end
`;
