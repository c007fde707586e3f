-- Admits one new participant from an address, up to the event's limit a minute; joins past a burst
-- size from one address in one minute are counted for the organizer (suspected ballot stuffing, or
-- a hall behind one NAT: only the organizer can tell).
-- KEYS: 1 this minute's joins by address (hash), 2 the event's burst totals (hash), 3 the event (hash)
-- ARGV: 1 address digest, 2 limit a minute, 3 burst size, 4 seconds left in this minute
-- Returns {1, joins from the address this minute}, {0, seconds until the next minute}, or {-1, 0}
-- when the event is gone (erasure wins: nothing of it is written again)
if redis.call('EXISTS', KEYS[3]) == 0 then return {-1, 0} end
local joined = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if joined >= tonumber(ARGV[2]) then return {0, tonumber(ARGV[4])} end
joined = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('EXPIRE', KEYS[1], 120)
local burst = tonumber(ARGV[3])
if joined > burst then
  if joined == burst + 1 then
    redis.call('HINCRBY', KEYS[2], 'bursts', 1)
    redis.call('HINCRBY', KEYS[2], 'participants', joined)
  else
    redis.call('HINCRBY', KEYS[2], 'participants', 1)
  end
  if joined > tonumber(redis.call('HGET', KEYS[2], 'largest') or '0') then
    redis.call('HSET', KEYS[2], 'largest', joined)
  end
end
return {1, joined}
