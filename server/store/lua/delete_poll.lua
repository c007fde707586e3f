-- Deletes a poll that is not open, with its votes; a quiz's points come off the leaderboard.
-- KEYS: 1 event hash, 2 event's poll list, 3 event leaderboard, 4 the poll's quiz points,
--       5 poll hash, 6.. every other key the poll owns (Keys.poll_parts)
-- ARGV: 1 poll id
if redis.call('EXISTS', KEYS[5]) == 0 then return 'poll_not_found' end
if redis.call('HGET', KEYS[5], 'state') == 'open' then return 'poll_live' end
local points = redis.call('HGETALL', KEYS[4])
for i = 1, #points, 2 do
  redis.call('ZINCRBY', KEYS[3], -tonumber(points[i + 1]), points[i])
end
if redis.call('HGET', KEYS[1], 'live_poll') == ARGV[1] then redis.call('HDEL', KEYS[1], 'live_poll') end
redis.call('LREM', KEYS[2], 0, ARGV[1])
for i = 5, #KEYS do redis.call('DEL', KEYS[i]) end
return 'ok'
