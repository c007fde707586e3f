-- Ends voting on a poll; it stays the event's current poll so results can still be shown.
-- KEYS: 1 poll hash.  ARGV: 1 now (ms)
if redis.call('EXISTS', KEYS[1]) == 0 then return 'poll_not_found' end
if redis.call('HGET', KEYS[1], 'state') == 'open' then
  redis.call('HSET', KEYS[1], 'state', 'closed', 'closed_at', ARGV[1])
end
return 'ok'
