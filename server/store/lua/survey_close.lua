-- Closes a survey and those of its polls it opened (not one the presenter made live since).
-- KEYS: 1 event hash, 2 survey hash, 3.. the survey's poll hashes
-- ARGV: 1 survey id, 2 the closing time (ms)
-- Returns 'ok', 'not_open' (nothing to do) or 'survey_not_found'.
if redis.call('EXISTS', KEYS[2]) == 0 then return 'survey_not_found' end
if redis.call('HGET', KEYS[2], 'state') ~= 'open' then return 'not_open' end
local sid, at = ARGV[1], ARGV[2]
local live = redis.call('HGET', KEYS[1], 'live_poll') or ''
for i = 3, #KEYS do
  if redis.call('HGET', KEYS[i], 'survey') == sid then
    if redis.call('HGET', KEYS[i], 'state') == 'open' and redis.call('HGET', KEYS[i], 'id') ~= live then
      redis.call('HSET', KEYS[i], 'state', 'closed', 'closed_at', at)
    end
    redis.call('HDEL', KEYS[i], 'survey')
  end
end
redis.call('HSET', KEYS[2], 'state', 'closed', 'closed_at', at)
local raw = redis.call('HGET', KEYS[1], 'open_surveys')
if raw then
  local kept = {}
  for _, entry in ipairs(cjson.decode(raw)) do
    if entry.id ~= sid then table.insert(kept, entry) end
  end
  if #kept > 0 then
    redis.call('HSET', KEYS[1], 'open_surveys', cjson.encode(kept))
  else
    redis.call('HDEL', KEYS[1], 'open_surveys')
  end
end
return 'ok'
