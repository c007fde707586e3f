-- An open poll's newest answers with their moderation state, for one results message: reads at
-- most ARGV[1] answers however many there are. A poll stored before the answers index existed
-- gets it built here once (O(answers)); from then on vote.lua keeps it.
-- KEYS: 1 poll hash, 2 answers (sorted set: participant by time), 3 votes hash, 4 moderation
--       hash (answer id -> state), 5 event hash
-- ARGV: 1 most answers
-- Returns {the event's moderation field or false, then record json, state or false, ...}, newest
-- first; {} when the poll is gone.
if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
if redis.call('HGET', KEYS[1], 'answer_index') ~= '1' then
  local votes = redis.call('HGETALL', KEYS[3])
  for i = 1, #votes, 2 do
    redis.call('ZADD', KEYS[2], cjson.decode(votes[i + 1]).t or 0, votes[i])
  end
  redis.call('HSET', KEYS[1], 'answer_index', '1')
end
local reply = {redis.call('HGET', KEYS[5], 'moderation')}
for _, participant in ipairs(redis.call('ZREVRANGE', KEYS[2], 0, tonumber(ARGV[1]) - 1)) do
  local record = redis.call('HGET', KEYS[3], participant)
  if record then
    reply[#reply + 1] = record
    reply[#reply + 1] = redis.call('HGET', KEYS[4], cjson.decode(record).c)
  end
end
return reply
