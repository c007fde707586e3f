-- Counts one attempt in moving windows, unless a window is full; a refund (ZREM of the attempt id)
-- takes it back, so only attempts that failed stay counted. Atomic, so parallel attempts cannot
-- all pass a window that has room for one.
-- KEYS: 1 the attempts' sorted set (attempt id -> time in ms)
-- ARGV: 1 now (ms), 2 attempt id, then pairs: limit, window (ms), the longest window last
-- Returns {1, attempts in the longest window, this one included} or {0, ms until there is room}
local now = tonumber(ARGV[1])
local longest = tonumber(ARGV[#ARGV])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - longest)
for i = 3, #ARGV, 2 do
  local limit, window = tonumber(ARGV[i]), tonumber(ARGV[i + 1])
  local count = redis.call('ZCOUNT', KEYS[1], now - window, '+inf')
  if count >= limit then
    -- room comes when every attempt older than the newest `limit - 1` has left the window
    local freeing = redis.call('ZRANGEBYSCORE', KEYS[1], now - window, '+inf', 'WITHSCORES', 'LIMIT', count - limit, 1)
    return {0, tonumber(freeing[2]) + window - now}
  end
end
redis.call('ZADD', KEYS[1], now, ARGV[2])
redis.call('PEXPIRE', KEYS[1], longest)
return {1, redis.call('ZCOUNT', KEYS[1], now - longest, '+inf')}
