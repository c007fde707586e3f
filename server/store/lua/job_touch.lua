-- A worker's heartbeat on its job, or its hand-back: only while the job is still its own.
-- KEYS: 1 the job stream.  ARGV: 1 group, 2 consumer (the worker), 3 job id,
--       4 'touch' (idle time back to 0) or 'release' (idle at once, this delivery not counted)
-- Returns 1 when the job was this worker's, else 0 (another worker claimed it, or it is done).
local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1)
local entry = pending[1]
if not entry or entry[2] ~= ARGV[2] then return 0 end
if ARGV[4] == 'touch' then
  redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'JUSTID')
else
  local tries = math.max(0, tonumber(entry[4]) - 1)
  redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'IDLE', 864000000, 'RETRYCOUNT', tries, 'JUSTID')
end
return 1
