-- Changes a poll's definition while it is not open; options and settings only while nobody voted.
-- KEYS: 1 poll hash, 2 votes hash, 3 counts hash, 4 dirty flag
-- ARGV: 1 fields json {field: value} for the poll hash, 2 '1' when options or settings change,
--       3.. the new count fields (when options or settings change; none for free-field types)
if redis.call('EXISTS', KEYS[1]) == 0 then return 'poll_not_found' end
if redis.call('HGET', KEYS[1], 'state') == 'open' then return 'poll_live' end
local definition_changes = ARGV[2] == '1'
if definition_changes then
  if redis.call('HLEN', KEYS[2]) > 0 then return 'poll_has_votes' end
  redis.call('DEL', KEYS[3])
  for i = 3, #ARGV do redis.call('HSET', KEYS[3], ARGV[i], 0) end
end
for field, value in pairs(cjson.decode(ARGV[1])) do redis.call('HSET', KEYS[1], field, value) end
redis.call('HINCRBY', KEYS[1], 'rev', 1)
redis.call('SET', KEYS[4], '1')
return 'ok'
