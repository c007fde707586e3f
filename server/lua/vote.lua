-- Records, moves or dedupes one participant's vote on one poll, atomically.
-- KEYS: 1 poll hash, 2 votes hash (participant -> record), 3 counts hash, 4 dirty flag
-- ARGV: 1 participant, 2 client_vote_id, 3 record json {c, v, k}, 4 now (ms),
--       5.. pairs of count field and increment
local poll = KEYS[1]
local state = redis.call('HGET', poll, 'state')
if not state then return {'err', 'poll_not_found'} end
if state ~= 'open' then return {'err', 'poll_closed'} end
local closes_at = tonumber(redis.call('HGET', poll, 'closes_at') or '0')
if closes_at > 0 and tonumber(ARGV[4]) > closes_at then return {'err', 'time_up'} end

local free_fields = redis.call('HGET', poll, 'free_fields') == '1'
if not free_fields then
  for i = 5, #ARGV, 2 do
    if redis.call('HEXISTS', KEYS[3], ARGV[i]) == 0 then return {'err', 'invalid_option'} end
  end
end

local previous = redis.call('HGET', KEYS[2], ARGV[1])
local outcome = 'new'
if previous then
  local record = cjson.decode(previous)
  if record.c == ARGV[2] then return {'ok', 'duplicate'} end
  if redis.call('HGET', poll, 'locked_votes') == '1' then return {'err', 'already_voted'} end
  for _, pair in ipairs(record.k) do
    local left = redis.call('HINCRBY', KEYS[3], pair[1], -tonumber(pair[2]))
    if free_fields and left <= 0 then redis.call('HDEL', KEYS[3], pair[1]) end
  end
  outcome = 'changed'
end
for i = 5, #ARGV, 2 do
  redis.call('HINCRBY', KEYS[3], ARGV[i], ARGV[i + 1])
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('SET', KEYS[4], '1')
return {'ok', outcome}
