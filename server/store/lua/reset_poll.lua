-- Forgets every vote of a poll: counts back to zero, quiz points taken off the leaderboard, and
-- off it altogether a player who answered no other quiz question; the poll's round counts its resets, so
-- phones know their own answer is gone.
-- KEYS: 1 poll hash, 2 votes hash, 3 counts hash, 4 dirty flag, 5 quiz points hash,
--       6 event leaderboard, 7 seen vote ids (set), 8 answers (sorted set), 9 moderation hash,
--       10.. the points hashes of the event's other quiz questions
if redis.call('EXISTS', KEYS[1]) == 0 then return 'poll_not_found' end
local points = redis.call('HGETALL', KEYS[5])
for i = 1, #points, 2 do
  local player = points[i]
  local left = tonumber(redis.call('ZINCRBY', KEYS[6], -tonumber(points[i + 1]), player))
  local played = false
  for k = 10, #KEYS do
    if redis.call('HEXISTS', KEYS[k], player) == 1 then played = true break end
  end
  if left <= 0 and not played then redis.call('ZREM', KEYS[6], player) end
end
redis.call('HINCRBY', KEYS[1], 'round', 1)
if redis.call('HGET', KEYS[1], 'free_fields') == '1' then
  redis.call('DEL', KEYS[3])
else
  local fields = redis.call('HKEYS', KEYS[3])
  for _, field in ipairs(fields) do redis.call('HSET', KEYS[3], field, 0) end
end
redis.call('DEL', KEYS[2], KEYS[5], KEYS[7], KEYS[8], KEYS[9])
redis.call('SET', KEYS[4], '1')
return 'ok'
