-- Moves a video reaction's transcript on, never backwards: a result, once written, stays, so a job
-- that ran twice (its first worker was thought dead) cannot leave a second, different result.
-- KEYS: 1 reaction hash.  ARGV: 1 new state, 2.. field, value pairs to set with it
-- Returns 'gone' (the reaction was deleted: nothing is written back), 'done' (a result is already
-- there: nothing changes) or 'ok'.
if redis.call('EXISTS', KEYS[1]) == 0 then return 'gone' end
if redis.call('HGET', KEYS[1], 'transcript_state') == 'done' then return 'done' end
redis.call('HSET', KEYS[1], 'transcript_state', ARGV[1])
if #ARGV > 1 then redis.call('HSET', KEYS[1], unpack(ARGV, 2)) end
return 'ok'
