import type { LuaScript } from '@b2c-alerts/rule-engine';

export const recordSentLua: LuaScript<2, 5, number> = {
  numberOfKeys: 2,
  numberOfArgs: 5,
  lua: `--[[
  Records a successful send in one step: the sent marker of the deliver job, and for Slack the group's
  thread ('<epoch> <ts>'), set when absent or of an older episode, else its TTL renewed.

  Input:
    KEYS[1] sent marker
    KEYS[2] thread ('' for email: no thread)

    ARGV[1] sent value
    ARGV[2] sent ttl
    ARGV[3] epoch ('' for email)
    ARGV[4] ts ('' when the message was posted in the thread)
    ARGV[5] thread ttl

  Output:
    1
]]
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if KEYS[2] == '' or ARGV[3] == '' then return 1 end
local current = redis.call('GET', KEYS[2])
local epoch = tonumber(ARGV[3])
local stored = current and tonumber(string.match(current, '^(%d+) ')) or nil
if ARGV[4] ~= '' and (not stored or stored < epoch) then
  redis.call('SET', KEYS[2], ARGV[3] .. ' ' .. ARGV[4], 'PX', ARGV[5])
elseif current then
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
end
return 1
`,
};
