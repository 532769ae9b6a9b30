import type { LuaScript } from '@b2c-alerts/rule-engine';

export const claimSlotLua: LuaScript<1, 2, string | null> = {
  numberOfKeys: 1,
  numberOfArgs: 2,
  lua: `--[[
  Claims the throttle slot of a self-alert, atomically. The slot holds 'pending <time>' until the job
  is enqueued, then 'sent'. A fresh slot is claimed for now; a pending one (a raise that crashed or
  failed before enqueueing, or one enqueueing right now) gives its own time, hence the same job id, so
  BullMQ keeps one job.

  Input:
    KEYS[1] throttle slot

    ARGV[1] now (ms)
    ARGV[2] throttle (ms)

  Output:
    the alert's time (ms) to enqueue | nil while the slot is 'sent' (throttled)
]]
if redis.call('SET', KEYS[1], 'pending ' .. ARGV[1], 'PX', ARGV[2], 'NX') then return ARGV[1] end
local current = redis.call('GET', KEYS[1])
return current and string.match(current, '^pending (%d+)$') or false
`,
};
