-- Makes one poll the event's live poll, closing the one that was live before; results are shown
-- on phones at once when the event says so, and the event's start is the first poll opened.
-- State 'lobby' (a quiz waiting for its players) takes no answers; a lobby left unstarted is a draft again.
-- KEYS: 1 event hash, 2 poll hash, 3 previously live poll hash (or the poll itself)
-- ARGV: 1 poll id, 2 previously live poll id as read by the caller ('' for none), 3 now (ms),
--       4 closes_at (ms, 0 for no time limit), 5 the state: 'open' or 'lobby'
local live = redis.call('HGET', KEYS[1], 'live_poll') or ''
if live ~= ARGV[2] then return 'retry' end
if redis.call('EXISTS', KEYS[2]) == 0 then return 'poll_not_found' end
local before = live ~= '' and live ~= ARGV[1] and redis.call('HGET', KEYS[3], 'state')
if before == 'open' then
  redis.call('HSET', KEYS[3], 'state', 'closed', 'closed_at', ARGV[3])
elseif before == 'lobby' then
  redis.call('HSET', KEYS[3], 'state', 'draft')
end
redis.call('HSET', KEYS[2], 'state', ARGV[5], 'opened_at', ARGV[3], 'closes_at', ARGV[4])
if redis.call('HGET', KEYS[1], 'show_results') == '1' then redis.call('HSET', KEYS[2], 'revealed', '1') end
redis.call('HSET', KEYS[1], 'live_poll', ARGV[1])
redis.call('HSETNX', KEYS[1], 'started_at', ARGV[3])
return 'ok'
