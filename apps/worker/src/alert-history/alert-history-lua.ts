import type { LuaScript } from '@b2c-alerts/rule-engine';

/**
 * Shared by both scripts: the entry id, computed in full (`<ms>-<seq>`, so XADD needs no `<ms>-*`, which
 * is Redis 7.0): ms is the caller's clock, or the stream's last ms when that is later (two workers'
 * clocks disagree by a little, or a clock went back); seq is the last seq + 1 when ms is the last ms,
 * else 0. So ids always increase. Call it before deleting entries (the last one may go).
 */
const nextId = `
local function nextId(stream, nowMs)
  local ms = tonumber(nowMs)
  local seq = 0
  local last = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', 1)
  if last[1] then
    local lastMs, lastSeq = string.match(last[1][1], '^(%d+)-(%d+)$')
    lastMs = tonumber(lastMs)
    lastSeq = tonumber(lastSeq)
    if lastMs and lastSeq and lastMs >= ms then
      ms = lastMs
      seq = lastSeq + 1
    end
  end
  return string.format('%d-%d', ms, seq)
end
`;

export const recordAlertLua: LuaScript<2, 7, number> = {
  numberOfKeys: 2,
  numberOfArgs: 7,
  lua: `--[[
  Records an alert once per alert id: when its index has no entry yet, appends the record to the alerts
  stream and sets the index's entry and expiry. Trimming: by count first, exactly, the oldest entries
  with their index hashes (at most 200 a call, so a lowered cap is reached over a few calls, never
  past an entry's index hash: no MAXLEN on XADD), so the index never outgrows the stream; then by age,
  approximately (whole stream nodes; their index hashes expire with the same retention). The index keys
  of trimmed entries are built from ARGV[6] (RedisKeys) and the entry's alert id.

  Input:
    KEYS[1] alerts stream
    KEYS[2] the alert's index hash

    ARGV[1] now (ms)
    ARGV[2] record (JSON)
    ARGV[3] oldest id kept (ms): now - retention
    ARGV[4] most entries kept
    ARGV[5] index ttl (ms): the retention
    ARGV[6] index key prefix (the index key of alert <id> is ARGV[6] .. <id>)
    ARGV[7] alert id

  Output:
    1 when recorded, 0 when the alert was recorded before
]]
${nextId}
if redis.call('HEXISTS', KEYS[2], 'entry') == 1 then return 0 end
local newId = nextId(KEYS[1], ARGV[1])
local excess = redis.call('XLEN', KEYS[1]) - tonumber(ARGV[4]) + 1
if excess > 0 then
  local oldest = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', math.min(excess, 200))
  for _, entry in ipairs(oldest) do
    local fields = entry[2]
    if fields[1] == 'id' and fields[2] then redis.call('DEL', ARGV[6] .. fields[2]) end
    redis.call('XDEL', KEYS[1], entry[1])
  end
end
local id = redis.call('XADD', KEYS[1], newId, 'id', ARGV[7], 'r', ARGV[2])
redis.call('XTRIM', KEYS[1], 'MINID', '~', ARGV[3])
redis.call('HSET', KEYS[2], 'entry', id)
redis.call('PEXPIRE', KEYS[2], ARGV[5])
return 1
`,
};

export const recordDeliveryLua: LuaScript<1, 4, string> = {
  numberOfKeys: 1,
  numberOfArgs: 4,
  lua: `--[[
  Appends one delivery outcome to the deliveries stream (trimmed by count and age, approximately). The
  caller then indexes the returned id under each alert the notification carried.

  Input:
    KEYS[1] deliveries stream

    ARGV[1] now (ms)
    ARGV[2] record (JSON)
    ARGV[3] oldest id kept (ms): now - retention
    ARGV[4] most entries kept

  Output:
    the entry id
]]
${nextId}
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], nextId(KEYS[1], ARGV[1]), 'd', ARGV[2])
redis.call('XTRIM', KEYS[1], 'MINID', '~', ARGV[3])
return id
`,
};
