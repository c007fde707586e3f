"""All Redis access: key builders, the Lua scripts, and one method per thing stored.

Event keys carry the event id as a cluster hash tag (hetki:{EVENT}:...) so an event's
keys share one slot and its scripts run on Redis Cluster too.
"""
import hashlib
import json
import os
from pathlib import Path

import redis

LUA_DIR = Path(__file__).parent / "lua"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class Keys:
    """Key builders; every id reaching here was checked against its pattern first."""

    live_polls = "hetki:live-polls"
    questions_dirty = "hetki:questions-dirty"
    reaction_events = "hetki:reaction-events"

    @staticmethod
    def organizer(email): return f"hetki:organizer:{email}"
    @staticmethod
    def organizer_events(email): return f"hetki:organizer:{email}:events"
    @staticmethod
    def token(token): return f"hetki:token:{digest(token)}"
    @staticmethod
    def code(code): return f"hetki:code:{code}"
    @staticmethod
    def presenter_key(key): return f"hetki:presenter-key:{digest(key)}"
    @staticmethod
    def poll_event(poll_id): return f"hetki:poll-event:{poll_id}"
    @staticmethod
    def event(eid): return f"hetki:{{{eid}}}:event"
    @staticmethod
    def event_pattern(eid): return f"hetki:{{{eid}}}:*"
    @staticmethod
    def polls(eid): return f"hetki:{{{eid}}}:polls"
    @staticmethod
    def participants(eid): return f"hetki:{{{eid}}}:participants"
    @staticmethod
    def poll(eid, pid): return f"hetki:{{{eid}}}:poll:{pid}"
    @staticmethod
    def votes(eid, pid): return f"hetki:{{{eid}}}:poll:{pid}:votes"
    @staticmethod
    def counts(eid, pid): return f"hetki:{{{eid}}}:poll:{pid}:counts"
    @staticmethod
    def dirty(eid, pid): return f"hetki:{{{eid}}}:poll:{pid}:dirty"
    @staticmethod
    def points(eid, pid): return f"hetki:{{{eid}}}:poll:{pid}:points"
    @staticmethod
    def moderation(eid, pid): return f"hetki:{{{eid}}}:poll:{pid}:moderation"
    @staticmethod
    def leaderboard(eid): return f"hetki:{{{eid}}}:leaderboard"
    @staticmethod
    def nicknames(eid): return f"hetki:{{{eid}}}:nicknames"
    @staticmethod
    def reactions(eid): return f"hetki:{{{eid}}}:reactions"
    @staticmethod
    def reaction(eid, rid): return f"hetki:{{{eid}}}:reaction:{rid}"
    @staticmethod
    def questions(eid): return f"hetki:{{{eid}}}:questions"
    @staticmethod
    def question(eid, qid): return f"hetki:{{{eid}}}:question:{qid}"
    @staticmethod
    def upvoters(eid, qid): return f"hetki:{{{eid}}}:question:{qid}:upvoters"
    @staticmethod
    def seq(eid, pid): return f"hetki:{{{eid}}}:poll:{pid}:seq"
    @staticmethod
    def broadcaster(eid, pid): return f"hetki:{{{eid}}}:poll:{pid}:broadcaster"


def _decode_hash(raw):
    return {k.decode(): v.decode() for k, v in raw.items()}


class Store:
    """The only object that sends Redis commands."""

    def __init__(self, url: str, max_connections: int = 64):
        self.url = url
        # Green threads queue for a connection instead of opening one per concurrent request.
        pool = redis.BlockingConnectionPool.from_url(url, max_connections=max_connections, timeout=20,
                                                     client_name=f"hetki-{os.getpid()}")
        self.redis = redis.Redis(connection_pool=pool)
        self._vote = self._script("vote.lua")
        self._open_poll = self._script("open_poll.lua")
        self._close_poll = self._script("close_poll.lua")
        self._reset_poll = self._script("reset_poll.lua")
        self._upvote = self._script("upvote.lua")
        self._flush = self._script("broadcast_poll.lua")

    def _script(self, name):
        return self.redis.register_script((LUA_DIR / name).read_text())

    def ping(self) -> bool:
        return bool(self.redis.ping())

    # organizers and tokens
    def add_organizer(self, email, password_hash, now):
        return self.redis.hsetnx(Keys.organizer(email), "password_hash", password_hash) and \
            self.redis.hset(Keys.organizer(email), mapping={"email": email, "created_at": now})

    def set_organizer_password(self, email, password_hash):
        self.redis.hset(Keys.organizer(email), mapping={"email": email, "password_hash": password_hash})

    def organizer(self, email):
        raw = self.redis.hgetall(Keys.organizer(email))
        return _decode_hash(raw) if raw else None

    def save_token(self, token, email, ttl):
        self.redis.set(Keys.token(token), email, ex=ttl)

    def token_owner(self, token):
        email = self.redis.get(Keys.token(token))
        return email.decode() if email else None

    def delete_token(self, token):
        self.redis.delete(Keys.token(token))

    # events
    def claim_code(self, code, eid) -> bool:
        return bool(self.redis.set(Keys.code(code), eid, nx=True))

    def create_event(self, event: dict, presenter_key: str):
        eid = event["id"]
        pipe = self.redis.pipeline(transaction=False)
        pipe.hset(Keys.event(eid), mapping={**event, "presenter_key_digest": digest(presenter_key)})
        pipe.set(Keys.presenter_key(presenter_key), eid)
        pipe.zadd(Keys.organizer_events(event["owner"]), {eid: event["created_at"]})
        pipe.execute()

    def event(self, eid):
        raw = self.redis.hgetall(Keys.event(eid))
        return _decode_hash(raw) if raw else None

    def event_id_for_code(self, code):
        eid = self.redis.get(Keys.code(code))
        return eid.decode() if eid else None

    def event_id_for_presenter_key(self, key):
        eid = self.redis.get(Keys.presenter_key(key))
        return eid.decode() if eid else None

    def replace_presenter_key(self, eid, new_key):
        old_digest = self.redis.hget(Keys.event(eid), "presenter_key_digest")
        pipe = self.redis.pipeline(transaction=False)
        if old_digest:
            pipe.delete(f"hetki:presenter-key:{old_digest.decode()}")
        pipe.set(Keys.presenter_key(new_key), eid)
        pipe.hset(Keys.event(eid), "presenter_key_digest", digest(new_key))
        pipe.execute()

    def event_ids_of(self, email):
        return [e.decode() for e in self.redis.zrange(Keys.organizer_events(email), 0, -1)]

    def update_event(self, eid, fields: dict):
        self.redis.hset(Keys.event(eid), mapping=fields)

    def delete_event(self, event: dict):
        eid = event["id"]
        poll_ids = self.poll_ids(eid)
        pipe = self.redis.pipeline(transaction=False)
        for key in self.redis.scan_iter(match=Keys.event_pattern(eid), count=500):
            pipe.delete(key)
        pipe.delete(Keys.code(event["code"]))
        pipe.delete(f"hetki:presenter-key:{event['presenter_key_digest']}")
        pipe.zrem(Keys.organizer_events(event["owner"]), eid)
        pipe.srem(Keys.reaction_events, eid)
        for pid in poll_ids:
            pipe.delete(Keys.poll_event(pid))
            pipe.srem(Keys.live_polls, f"{eid}:{pid}")
        pipe.execute()

    # participants
    def add_participant(self, eid, pid, record: dict):
        self.redis.hset(Keys.participants(eid), pid, json.dumps(record))

    def participant(self, eid, pid):
        raw = self.redis.hget(Keys.participants(eid), pid)
        return json.loads(raw) if raw else None

    def nicknames_of(self, eid, pids):
        if not pids:
            return {}
        raw = self.redis.hmget(Keys.participants(eid), pids)
        return {pid: json.loads(r).get("nickname") for pid, r in zip(pids, raw) if r}

    def participants(self, eid):
        return {k.decode(): json.loads(v) for k, v in self.redis.hgetall(Keys.participants(eid)).items()}

    # polls
    def create_poll(self, eid, poll: dict, count_fields, free_fields: bool, script_fields: dict):
        pid = poll["id"]
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(Keys.poll(eid, pid), mapping={**script_fields,
            "id": pid, "event_id": eid, "type": poll["type"], "question": poll["question"],
            "options": json.dumps(poll["options"]), "settings": json.dumps(poll["settings"]),
            "state": "draft", "revealed": "0", "created_at": poll["created_at"],
            "free_fields": "1" if free_fields else "0",
        })
        if count_fields:
            pipe.hset(Keys.counts(eid, pid), mapping={f: 0 for f in count_fields})
        pipe.rpush(Keys.polls(eid), pid)
        pipe.set(Keys.poll_event(pid), eid)
        pipe.execute()

    def poll_ids(self, eid):
        return [p.decode() for p in self.redis.lrange(Keys.polls(eid), 0, -1)]

    def event_id_for_poll(self, pid):
        eid = self.redis.get(Keys.poll_event(pid))
        return eid.decode() if eid else None

    def poll(self, eid, pid):
        raw = self.redis.hgetall(Keys.poll(eid, pid))
        return _decode_hash(raw) if raw else None

    def polls(self, eid, pids):
        pipe = self.redis.pipeline(transaction=False)
        for pid in pids:
            pipe.hgetall(Keys.poll(eid, pid))
        return [_decode_hash(raw) for raw in pipe.execute() if raw]

    def open_poll(self, eid, pid, previous_pid, now_ms, closes_at_ms):
        previous_key = Keys.poll(eid, previous_pid or pid)
        keys = [Keys.event(eid), Keys.poll(eid, pid), previous_key]
        result = self._open_poll(keys=keys, args=[pid, previous_pid or "", now_ms, closes_at_ms])
        if result == b"ok":
            pipe = self.redis.pipeline(transaction=False)
            if previous_pid and previous_pid != pid:
                pipe.srem(Keys.live_polls, f"{eid}:{previous_pid}")
            pipe.sadd(Keys.live_polls, f"{eid}:{pid}")
            pipe.set(Keys.dirty(eid, pid), "1")
            pipe.execute()
        return result.decode()

    def close_poll(self, eid, pid, now_ms):
        result = self._close_poll(keys=[Keys.poll(eid, pid)], args=[now_ms]).decode()
        self.redis.set(Keys.dirty(eid, pid), "1")
        return result

    def set_poll_fields(self, eid, pid, fields: dict):
        self.redis.hset(Keys.poll(eid, pid), mapping=fields)
        self.redis.set(Keys.dirty(eid, pid), "1")

    def live_poll_id(self, eid):
        pid = self.redis.hget(Keys.event(eid), "live_poll")
        return pid.decode() if pid else None

    def forget_live_poll(self, eid, pid):
        self.redis.srem(Keys.live_polls, f"{eid}:{pid}")

    # votes
    def _vote_keys(self, eid, pid):
        return [Keys.poll(eid, pid), Keys.votes(eid, pid), Keys.counts(eid, pid), Keys.dirty(eid, pid),
                Keys.points(eid, pid), Keys.leaderboard(eid)]

    def cast_vote(self, eid, pid, participant, client_vote_id, record: str, now_ms, increments):
        keys = self._vote_keys(eid, pid)
        args = [participant, client_vote_id, record, now_ms]
        for field, amount in increments:
            args += [field, amount]
        status, detail = self._vote(keys=keys, args=args)
        return status.decode(), detail.decode()

    def reset_poll(self, eid, pid):
        return self._reset_poll(keys=self._vote_keys(eid, pid) + [Keys.moderation(eid, pid)]).decode()

    def vote_of(self, eid, pid, participant):
        raw = self.redis.hget(Keys.votes(eid, pid), participant)
        return json.loads(raw) if raw else None

    def votes(self, eid, pid):
        return {k.decode(): json.loads(v) for k, v in self.redis.hgetall(Keys.votes(eid, pid)).items()}

    def tally(self, eid, pid):
        """(counts, number of participants who answered), read in one round trip."""
        pipe = self.redis.pipeline(transaction=False)
        pipe.hgetall(Keys.counts(eid, pid))
        pipe.hlen(Keys.votes(eid, pid))
        counts, total = pipe.execute()
        return {k.decode(): int(v) for k, v in counts.items()}, total

    # moderation of open answers
    def moderate_answer(self, eid, pid, answer_id, state):
        pipe = self.redis.pipeline(transaction=False)
        pipe.hset(Keys.moderation(eid, pid), answer_id, state)
        pipe.set(Keys.dirty(eid, pid), "1")
        pipe.execute()

    def moderation(self, eid, pid):
        return {k.decode(): v.decode() for k, v in self.redis.hgetall(Keys.moderation(eid, pid)).items()}

    # quiz
    def quiz_points(self, eid, pid, participant):
        points = self.redis.hget(Keys.points(eid, pid), participant)
        return int(points) if points is not None else None

    def all_quiz_points(self, eid, pid):
        return {k.decode(): int(v) for k, v in self.redis.hgetall(Keys.points(eid, pid)).items()}

    def leaderboard(self, eid, count):
        return [(m.decode(), int(s)) for m, s in self.redis.zrevrange(Keys.leaderboard(eid), 0, count - 1,
                                                                        withscores=True)]

    def standing(self, eid, participant):
        """(total points, rank from 1) of a participant on the event's leaderboard, or (0, None)."""
        pipe = self.redis.pipeline(transaction=False)
        pipe.zscore(Keys.leaderboard(eid), participant)
        pipe.zrevrank(Keys.leaderboard(eid), participant)
        score, rank = pipe.execute()
        return (int(score or 0), rank + 1 if rank is not None else None)

    def claim_nickname(self, eid, folded, pid) -> bool:
        """Reserves a nickname (case-folded) for one participant of the event."""
        if self.redis.hsetnx(Keys.nicknames(eid), folded, pid):
            return True
        return self.redis.hget(Keys.nicknames(eid), folded) == pid.encode()

    def release_nickname(self, eid, folded):
        self.redis.hdel(Keys.nicknames(eid), folded)

    # questions (Q&A)
    def add_question(self, eid, question: dict):
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(Keys.question(eid, question["id"]), mapping=question)
        pipe.zadd(Keys.questions(eid), {question["id"]: 0})
        pipe.execute()
        self.redis.sadd(Keys.questions_dirty, eid)

    def upvote(self, eid, qid, participant):
        """The question's upvotes after this participant's upvote, or None for no such question."""
        keys = [Keys.question(eid, qid), Keys.upvoters(eid, qid), Keys.questions(eid)]
        upvotes = self._upvote(keys=keys, args=[participant, qid])
        if upvotes < 0:
            return None
        self.redis.sadd(Keys.questions_dirty, eid)
        return upvotes

    def questions(self, eid):
        """Every question of the event with its upvotes, most upvoted first."""
        ranked = self.redis.zrevrange(Keys.questions(eid), 0, -1, withscores=True)
        pipe = self.redis.pipeline(transaction=False)
        for qid, _ in ranked:
            pipe.hgetall(Keys.question(eid, qid.decode()))
        rows = pipe.execute()
        questions = [{**_decode_hash(raw), "upvotes": int(score)} for (_, score), raw in zip(ranked, rows) if raw]
        return sorted(questions, key=lambda q: (-q["upvotes"], int(q["created_at"])))  # ties: oldest first

    def question(self, eid, qid):
        raw = self.redis.hgetall(Keys.question(eid, qid))
        return _decode_hash(raw) if raw else None

    def update_question(self, eid, qid, fields: dict):
        self.redis.hset(Keys.question(eid, qid), mapping=fields)
        self.redis.sadd(Keys.questions_dirty, eid)

    def upvoted_by(self, eid, qids, participant):
        pipe = self.redis.pipeline(transaction=False)
        for qid in qids:
            pipe.sismember(Keys.upvoters(eid, qid), participant)
        return {qid for qid, member in zip(qids, pipe.execute()) if member}

    def take_dirty_question_events(self):
        popped = self.redis.spop(Keys.questions_dirty, 1000)
        return [eid.decode() for eid in popped or []]

    # reactions
    def add_reaction(self, eid, reaction: dict):
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(Keys.reaction(eid, reaction["id"]), mapping=reaction)
        pipe.zadd(Keys.reactions(eid), {reaction["id"]: reaction["created_at"]})
        pipe.execute()
        self.redis.sadd(Keys.reaction_events, eid)

    def reaction(self, eid, rid):
        raw = self.redis.hgetall(Keys.reaction(eid, rid))
        return _decode_hash(raw) if raw else None

    def reactions(self, eid):
        rids = [r.decode() for r in self.redis.zrange(Keys.reactions(eid), 0, -1)]
        pipe = self.redis.pipeline(transaction=False)
        for rid in rids:
            pipe.hgetall(Keys.reaction(eid, rid))
        return [_decode_hash(raw) for raw in pipe.execute() if raw]

    def update_reaction(self, eid, rid, fields: dict):
        self.redis.hset(Keys.reaction(eid, rid), mapping=fields)

    def delete_reaction(self, eid, rid):
        pipe = self.redis.pipeline(transaction=True)
        pipe.delete(Keys.reaction(eid, rid))
        pipe.zrem(Keys.reactions(eid), rid)
        pipe.execute()

    def events_with_reactions(self):
        return [e.decode() for e in self.redis.smembers(Keys.reaction_events)]

    def forget_reaction_event(self, eid):
        self.redis.srem(Keys.reaction_events, eid)

    # broadcasting
    def live_polls(self):
        return [m.decode().split(":", 1) for m in self.redis.smembers(Keys.live_polls)]

    def flush_poll(self, eid, pid, holder, ttl_ms, want_results):
        """One round trip per tick: hold the lock, take the dirty flag, read poll and tally.
        None when another process broadcasts; else (dirty, poll, counts|None, total, seq)."""
        keys = [Keys.broadcaster(eid, pid), Keys.dirty(eid, pid), Keys.poll(eid, pid),
                Keys.counts(eid, pid), Keys.votes(eid, pid), Keys.seq(eid, pid)]
        got = self._flush(keys=keys, args=[holder, ttl_ms, "1" if want_results else "0"])
        if got is None:
            return None
        flat = got[1]
        poll = {flat[i].decode(): flat[i + 1].decode() for i in range(0, len(flat), 2)}
        if len(got) == 2:
            return bool(got[0]), poll, None, 0, 0
        flat = got[2]
        counts = {flat[i].decode(): int(flat[i + 1]) for i in range(0, len(flat), 2)}
        return bool(got[0]), poll, counts, got[3], got[4]

