import type { LuaScript } from '@b2c-alerts/rule-engine';

// Lua of GroupStore: each operation is one script, so replicas see a group's state change atomically.
// Times are formatted with %d: Lua's default number format keeps only 14 digits.

/** The Output of addToGroupLua. */
export type AddToGroupReply = [number, number, number];
/** The Output of takeBatchLua. */
export type TakeBatchReply = [string, string?, string?, string?];

export const addToGroupLua: LuaScript<3, 9, AddToGroupReply> = {
  numberOfKeys: 3,
  numberOfArgs: 9,
  lua: `--[[
  Adds an alert to its group and schedules the group's next flush when none is pending. A duplicate
  (already added within the seen horizon) changes nothing but still reports the pending flush, so a
  retried job whose first run died before scheduling it schedules it now. A pending flush more than
  overdue (ARGV[9]) late is taken as lost (its job failed for good): the pending alerts move to a new
  window, due now.

  Input:
    KEYS[1] state (hash: window, epoch, root, flushAt, lastFlushAt)
    KEYS[2] pending (list of alert JSON)
    KEYS[3] seen (zset: alert id -> time added)

    ARGV[1] alert id
    ARGV[2] alert JSON
    ARGV[3] now
    ARGV[4] groupWait
    ARGV[5] groupInterval
    ARGV[6] repeatInterval
    ARGV[7] ttl
    ARGV[8] seen horizon
    ARGV[9] overdue

  Output:
    {added (1|0), window, flushAt or -1 when no flush is pending}
]]
local function str(n) return string.format('%d', n) end
local state, pending, seen = KEYS[1], KEYS[2], KEYS[3]
local id, json, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
local wait, interval, rep, ttl = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[7]
redis.call('ZREMRANGEBYSCORE', seen, '-inf', str(now - tonumber(ARGV[8])))
local window = tonumber(redis.call('HGET', state, 'window') or '0')
local flushAt = redis.call('HGET', state, 'flushAt')
if flushAt and now - tonumber(flushAt) > tonumber(ARGV[9]) then
  window = window + 1
  flushAt = str(now)
  redis.call('HSET', state, 'window', str(window), 'flushAt', flushAt)
end
if redis.call('ZSCORE', seen, id) then
  return { 0, window, tonumber(flushAt or '-1') }
end
redis.call('ZADD', seen, str(now), id)
redis.call('RPUSH', pending, json)
if not flushAt then
  local last = redis.call('HGET', state, 'lastFlushAt')
  window = window + 1
  if (not last) or now - tonumber(last) >= rep then
    -- A new group, or one quiet for repeat_interval: it starts over with a new top-level message.
    local epoch = tonumber(redis.call('HGET', state, 'epoch') or '0') + 1
    flushAt = now + wait
    redis.call('HSET', state, 'epoch', str(epoch), 'root', '1')
  else
    flushAt = math.max(now, tonumber(last) + interval)
    redis.call('HSET', state, 'root', '0')
  end
  redis.call('HSET', state, 'window', str(window), 'flushAt', str(flushAt))
end
redis.call('PEXPIRE', state, ttl)
redis.call('PEXPIRE', pending, ttl)
redis.call('PEXPIRE', seen, ttl)
return { 1, window, tonumber(flushAt) }
`,
};

export const takeBatchLua: LuaScript<3, 4, TakeBatchReply> = {
  numberOfKeys: 3,
  numberOfArgs: 4,
  lua: `--[[
  Takes the alerts of a window for its notification, once: the first call moves them into the batch
  key; later calls (a retried flush) return the same batch until it is marked enqueued.

  Input:
    KEYS[1] state
    KEYS[2] pending
    KEYS[3] batch (hash: alerts JSON array, root, epoch, enqueued)

    ARGV[1] window
    ARGV[2] now
    ARGV[3] batch ttl
    ARGV[4] state ttl

  Output:
    {'batch', alerts JSON array, root, epoch}
    | {'done'} (enqueued already)
    | {'none'} (another window)
]]
local function str(n) return string.format('%d', n) end
local state, pending, batch = KEYS[1], KEYS[2], KEYS[3]
if redis.call('EXISTS', batch) == 1 then
  if redis.call('HGET', batch, 'enqueued') == '1' then return { 'done' } end
  local b = redis.call('HMGET', batch, 'alerts', 'root', 'epoch')
  return { 'batch', b[1], b[2], b[3] }
end
local fields = redis.call('HMGET', state, 'window', 'flushAt', 'root', 'epoch')
if fields[1] ~= ARGV[1] or not fields[2] then return { 'none' } end
local items = redis.call('LRANGE', pending, 0, -1)
local alerts = '[' .. table.concat(items, ',') .. ']'
redis.call('DEL', pending)
redis.call('HSET', batch, 'alerts', alerts, 'root', fields[3] or '0', 'epoch', fields[4] or '1')
redis.call('PEXPIRE', batch, ARGV[3])
redis.call('HDEL', state, 'flushAt', 'root')
redis.call('HSET', state, 'lastFlushAt', str(tonumber(ARGV[2])))
redis.call('PEXPIRE', state, ARGV[4])
return { 'batch', alerts, fields[3] or '0', fields[4] or '1' }
`,
};
