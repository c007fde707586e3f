"""Every Redis key Hetki uses, built in one place.

Event keys carry the event id as a cluster hash tag (hetki:{EVENT}:...) so an event's keys share
one slot and its scripts run on Redis Cluster too. Every id reaching here was checked against its
pattern first.
"""

import hashlib


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class Keys:
    live_polls = "hetki:live-polls"
    questions_dirty = "hetki:questions-dirty"
    reaction_events = "hetki:reaction-events"
    # hetki:embedded:processes: the embedded Redis's own (runtime/redis_embedded.py)
    jobs = "hetki:jobs"  # the job queue, a stream read by one consumer group (store/jobs.py)
    job_workers = "hetki:jobs:workers"  # names of workers that held a lease
    job_lease_prefix = "hetki:jobs:lease:"  # + worker name: alive while the key lives
    # "eid:sid" of every open survey scored by its closes_at: the broadcaster closes them on time
    open_surveys = "hetki:open-surveys"

    # global keys, found from outside an event
    @staticmethod
    def organizer(email: str) -> str:
        return f"hetki:organizer:{email}"

    @staticmethod
    def organizer_events(email: str) -> str:
        return f"hetki:organizer:{email}:events"

    @staticmethod
    def organizer_tokens(email: str) -> str:
        """The organizer's live token digests (API tokens and web sessions), scored by expiry in ms."""
        return f"hetki:organizer:{email}:tokens"

    @staticmethod
    def sign_in_attempts(name: str, identity: str) -> str:
        """Failed sign-ins under one limit (store/sign_ins.py); `identity` is a digest, never an address."""
        return f"hetki:sign-ins:{name}:{identity}"

    @staticmethod
    def sign_in_addresses(account: str) -> str:
        """Digests of the client addresses an account signed in from, scored by when they are forgotten."""
        return f"hetki:sign-ins:addresses:{account}"

    @staticmethod
    def token(token: str) -> str:
        return Keys.token_by_digest(digest(token))

    @staticmethod
    def token_by_digest(token_digest: str) -> str:
        return f"hetki:token:{token_digest}"

    @staticmethod
    def code(code: str) -> str:
        return f"hetki:code:{code}"

    @staticmethod
    def presenter_key(key: str) -> str:
        return Keys.presenter_key_by_digest(digest(key))

    @staticmethod
    def presenter_key_by_digest(key_digest: str) -> str:
        return f"hetki:presenter-key:{key_digest}"

    @staticmethod
    def poll_event(pid: str) -> str:
        return f"hetki:poll-event:{pid}"

    @staticmethod
    def live_poll_member(eid: str, pid: str) -> str:
        return f"{eid}:{pid}"

    @staticmethod
    def survey_event(sid: str) -> str:
        return f"hetki:survey-event:{sid}"

    @staticmethod
    def open_survey_member(eid: str, sid: str) -> str:
        return f"{eid}:{sid}"

    # an event's own keys
    @staticmethod
    def event(eid: str) -> str:
        return f"hetki:{{{eid}}}:event"

    @staticmethod
    def event_pattern(eid: str) -> str:
        return f"hetki:{{{eid}}}:*"

    @staticmethod
    def polls(eid: str) -> str:
        return f"hetki:{{{eid}}}:polls"

    @staticmethod
    def participants(eid: str) -> str:
        return f"hetki:{{{eid}}}:participants"

    @staticmethod
    def joins(eid: str, minute: int) -> str:
        """New participants by client address digest in one minute (store/joins.py)."""
        return f"hetki:{{{eid}}}:joins:{minute}"

    @staticmethod
    def join_bursts(eid: str) -> str:
        return f"hetki:{{{eid}}}:join-bursts"

    @staticmethod
    def nicknames(eid: str) -> str:
        return f"hetki:{{{eid}}}:nicknames"

    @staticmethod
    def leaderboard(eid: str) -> str:
        return f"hetki:{{{eid}}}:leaderboard"

    @staticmethod
    def poll(eid: str, pid: str) -> str:
        return f"hetki:{{{eid}}}:poll:{pid}"

    @staticmethod
    def votes(eid: str, pid: str) -> str:
        return f"{Keys.poll(eid, pid)}:votes"

    @staticmethod
    def counts(eid: str, pid: str) -> str:
        return f"{Keys.poll(eid, pid)}:counts"

    @staticmethod
    def seen_votes(eid: str, pid: str) -> str:
        """Every `participant|client_vote_id` a poll has counted, so a late retry changes nothing."""
        return f"{Keys.poll(eid, pid)}:seen"

    @staticmethod
    def dirty(eid: str, pid: str) -> str:
        return f"{Keys.poll(eid, pid)}:dirty"

    @staticmethod
    def points(eid: str, pid: str) -> str:
        return f"{Keys.poll(eid, pid)}:points"

    @staticmethod
    def moderation(eid: str, pid: str) -> str:
        return f"{Keys.poll(eid, pid)}:moderation"

    @staticmethod
    def seq(eid: str, pid: str) -> str:
        return f"{Keys.poll(eid, pid)}:seq"

    @staticmethod
    def broadcaster(eid: str, pid: str) -> str:
        return f"{Keys.poll(eid, pid)}:broadcaster"

    @staticmethod
    def answers(eid: str, pid: str) -> str:
        """An open poll's answers: participant scored by the time of their latest answer."""
        return f"{Keys.poll(eid, pid)}:answers"

    @staticmethod
    def vote_script(eid: str, pid: str) -> list[str]:
        """The KEYS of vote.lua and reset_poll.lua, in the scripts' order."""
        return [
            Keys.poll(eid, pid),
            Keys.votes(eid, pid),
            Keys.counts(eid, pid),
            Keys.dirty(eid, pid),
            Keys.points(eid, pid),
            Keys.leaderboard(eid),
            Keys.seen_votes(eid, pid),
            Keys.answers(eid, pid),
        ]

    @staticmethod
    def poll_parts(eid: str, pid: str) -> list[str]:
        """Every key a poll owns besides its hash: a new per-poll key belongs in this list too
        (deleting a poll deletes these; tests/unit/test_editor_api.py scans Redis for leftovers)."""
        return [
            Keys.votes(eid, pid),
            Keys.counts(eid, pid),
            Keys.seen_votes(eid, pid),
            Keys.dirty(eid, pid),
            Keys.points(eid, pid),
            Keys.moderation(eid, pid),
            Keys.seq(eid, pid),
            Keys.broadcaster(eid, pid),
            Keys.answers(eid, pid),
        ]

    # self-paced surveys (store/surveys.py)
    @staticmethod
    def surveys(eid: str) -> str:
        """The event's survey ids scored by created_at."""
        return f"hetki:{{{eid}}}:surveys"

    @staticmethod
    def survey(eid: str, sid: str) -> str:
        return f"hetki:{{{eid}}}:survey:{sid}"

    @staticmethod
    def survey_progress(eid: str, sid: str) -> str:
        """participant -> their progress as JSON {p: position, m: furthest, s: started, f: finished, t: ticket}."""
        return f"{Keys.survey(eid, sid)}:progress"

    @staticmethod
    def survey_finishers(eid: str, sid: str) -> str:
        """The participants who finished, in finishing order: a ticket is a place in this list."""
        return f"{Keys.survey(eid, sid)}:finishers"

    @staticmethod
    def questions(eid: str) -> str:
        return f"hetki:{{{eid}}}:questions"

    @staticmethod
    def question(eid: str, qid: str) -> str:
        return f"hetki:{{{eid}}}:question:{qid}"

    @staticmethod
    def upvoters(eid: str, qid: str) -> str:
        return f"{Keys.question(eid, qid)}:upvoters"

    @staticmethod
    def shown_questions(eid: str) -> str:
        """The questions phones see (approved, answered), ranked: see store/questions.py shown_score."""
        return f"hetki:{{{eid}}}:questions:shown"

    # one participant's own items, so a phone's state reads what it owns, not the whole event
    @staticmethod
    def own_questions(eid: str, participant: str) -> str:
        """The participant's questions, scored by created_at."""
        return f"hetki:{{{eid}}}:participant:{participant}:questions"

    @staticmethod
    def own_upvotes(eid: str, participant: str) -> str:
        """The ids of the questions the participant upvoted."""
        return f"hetki:{{{eid}}}:participant:{participant}:upvoted"

    @staticmethod
    def own_reactions(eid: str, participant: str) -> str:
        """The participant's reactions, scored by created_at."""
        return f"hetki:{{{eid}}}:participant:{participant}:reactions"

    @staticmethod
    def indexes(eid: str) -> str:
        """Set once the indexes above hold the event's older items too (store/indexes.py)."""
        return f"hetki:{{{eid}}}:indexes"

    @staticmethod
    def reactions(eid: str) -> str:
        return f"hetki:{{{eid}}}:reactions"

    @staticmethod
    def reaction(eid: str, rid: str) -> str:
        return f"hetki:{{{eid}}}:reaction:{rid}"

    @staticmethod
    def media_usage(eid: str) -> str:
        """What the event's stored videos hold: `bytes` in all, `videos:<participant>` and
        `bytes:<participant>` for each participant (store/reactions.py, the media quota)."""
        return f"hetki:{{{eid}}}:media-usage"

    @staticmethod
    def reaction_quota(eid: str) -> str:
        """participant -> reactions sent, participant:bytes -> their bytes (store/lua/reaction_quota.lua)."""
        return f"hetki:{{{eid}}}:reaction-quota"

    @staticmethod
    def insights(eid: str) -> str:
        """The event's latest insights as JSON, made by a job worker (store/insights.py)."""
        return f"hetki:{{{eid}}}:insights"

    @staticmethod
    def insights_queued(eid: str) -> str:
        """Set while an insights job for the event is in the queue: one at a time."""
        return f"hetki:{{{eid}}}:insights-queued"

    @staticmethod
    def update(eid: str) -> str:
        """The organizer's "you said, we did" update to the attendees, as JSON (store/updates.py)."""
        return f"hetki:{{{eid}}}:update"

    @staticmethod
    def draws(eid: str, sid: str) -> str:
        """A survey's thank-you draws as JSON, oldest first (store/draws.py)."""
        return f"hetki:{{{eid}}}:draws:{sid}"

    @staticmethod
    def report_token(eid: str, nonce: str) -> str:
        """A used one-time report token (server/web/report.py), kept until it has expired anyway."""
        return f"hetki:{{{eid}}}:report-token:{digest(nonce)}"
