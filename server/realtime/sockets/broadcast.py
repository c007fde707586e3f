"""The only emitter of room-wide messages, with the results coalescer.

Votes only mark their poll dirty (in vote.lua). Every BROADCAST_INTERVAL this loop sends
one `results` per dirty live poll to its presenter room, so a burst of votes gives at
most 10 messages a second per poll. With several processes, a Redis lock per poll
elects the one process that broadcasts it. Phones get revealed results at most once
per AUDIENCE_RESULTS_INTERVAL: a broadcast costs ~30 us per recipient.
"""

import logging
import os
import secrets
import socket
import time
from collections import deque

from ...domain import DomainError, now_ms
from ...domain.events import moderation_view
from ...domain.polls import decode_poll, public_poll
from ...domain.reactions import reaction_settings
from ...domain.results import for_audience

log = logging.getLogger("hetki.broadcast")
PRESENTER_RESULTS_PER_SECOND = 10
# ...counted over a little more than a second at send time, so that delivery's jitter (a message
# held up behind a busy loop, the next one on time) cannot put an 11th into a second on screen.
PRESENTER_RESULTS_WINDOW_SECONDS = 1.1
# How often a screen hears how many have joined: one HLEN per event with a screen in this process,
# and a message only when the number moved, so a burst of 10,000 joins is a few messages, not 10,000.
PARTICIPANTS_INTERVAL = 0.5


def audience_room(eid):
    return f"audience:{eid}"


def presenter_room(eid):
    return f"presenter:{eid}"


class Broadcaster:
    def __init__(self, socketio, services, config):
        self.socketio = socketio
        self.services = services
        self.interval = config.BROADCAST_INTERVAL
        self.audience_interval = config.AUDIENCE_RESULTS_INTERVAL
        self.lock_ms = max(1000, int(self.interval * 20_000))
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        self._audience_sent = {}  # (eid, pid) -> monotonic time of the last audience results
        self._audience_pending = set()
        self._presenter_sent = {}  # (eid, pid) -> monotonic times of the last presenter results
        self._participants = {}  # eid -> the participant count this process's screens last heard
        self._counted_at = 0.0
        self._task = None

    def start(self):
        if self._task is None:
            self._task = self.socketio.start_background_task(self._run)

    def _run(self):
        started = time.monotonic()
        failing = False  # during an outage (Redis down) one traceback, not ten a second
        while True:  # flushes start at least `interval` apart; their own time is not added to it
            self.socketio.sleep(max(0.0, started + self.interval - time.monotonic()))
            started = time.monotonic()
            try:
                self._heal_queue()
                self.flush()
            except Exception:
                if not failing:
                    log.exception("results broadcast failed; retrying every tick")
                failing = True
            else:
                if failing:
                    log.warning("results broadcast works again")
                failing = False

    def _heal_queue(self):
        heal = getattr(self.socketio.server.manager, "heal", None)  # with the message queue only
        if heal:
            heal()

    def flush(self):
        store = self.services.store
        for eid, pid in store.polls.live_polls():
            key = (eid, pid)
            got = store.polls.flush(eid, pid, self.holder, self.lock_ms, key in self._audience_pending)
            if got is None:
                continue
            dirty, raw, counts, total, seq = got
            if not raw:
                store.polls.forget_live(eid, pid)
                continue
            poll = decode_poll(raw)
            self.services.polls.close_if_expired(eid, pid, poll)  # tells this broadcaster's poll_changed
            if counts is not None:
                self._send_tally(poll, counts, total, seq, to_presenter=dirty)
            elif poll["state"] != "open" and store.polls.forget_idle(eid, pid):  # nothing left to send
                self._audience_sent.pop(key, None)
        for eid in store.questions.take_dirty_events():
            self.questions_changed(eid)
        self.services.surveys.close_due()  # tells this broadcaster's survey_changed
        self._count_participants()

    def _count_participants(self):
        """Each process tells its own screens (local): the count is read from Redis, not added up."""
        if time.monotonic() - self._counted_at < PARTICIPANTS_INTERVAL:
            return
        self._counted_at = time.monotonic()
        rooms = self.socketio.server.manager.rooms.get("/presenter", {})
        events = {
            room.split(":", 1)[1] for room in list(rooms) if isinstance(room, str) and room.startswith("presenter:")
        }
        for eid in set(self._participants) - events:
            del self._participants[eid]
        for eid in events:
            count = self.services.store.events.participant_count(eid)
            if self._participants.get(eid) != count:
                self._participants[eid] = count
                self._emit("participants", {"count": count}, presenter_room(eid), "/presenter", local=True)

    def _send_tally(self, poll, counts, total, seq, to_presenter):
        eid, pid = poll["event_id"], poll["id"]
        results = self.services.results.of_tally(poll, counts, total, with_items=True)  # as presenter_results
        results["seq"] = seq
        results["sent_at"] = now_ms()  # the coalescing rule (≤ 10 a second) is about when we send
        key = (eid, pid)
        if to_presenter and self._presenter_may_send(key):
            self._emit("results", results, presenter_room(eid), "/presenter")
        elif to_presenter:  # a slow tick then a quick one: send it on the next tick instead
            self.services.store.polls.mark_dirty(eid, pid)
        results = for_audience(poll, results)
        if not poll["revealed"]:
            self._audience_pending.discard(key)
        elif time.monotonic() - self._audience_sent.get(key, 0) >= self.audience_interval:
            self._emit("results", results, audience_room(eid), "/audience")
            self._audience_sent[key] = time.monotonic()
            self._audience_pending.discard(key)
        else:
            self._audience_pending.add(key)

    def _presenter_may_send(self, key):
        """At most PRESENTER_RESULTS_PER_SECOND sends in any window, whatever each tick's own time."""
        recent = self._presenter_sent.setdefault(key, deque(maxlen=PRESENTER_RESULTS_PER_SECOND))
        now = time.monotonic()
        if len(recent) == recent.maxlen and now - recent[0] < PRESENTER_RESULTS_WINDOW_SECONDS:
            return False
        recent.append(now)
        return True

    def _emit(self, name, payload, room, namespace, local=False):
        if local:  # this process's own clients only (a resync: every process sends its own)
            self.socketio.server.emit(name, payload, to=room, namespace=namespace, ignore_queue=True)
        else:
            self.socketio.emit(name, payload, to=room, namespace=namespace)

    def resync_local(self):
        """After a gap in the message queue: every event with clients in this process sends them
        its current state once (live poll and results, questions, reactions) as if it had changed."""
        rooms = self.socketio.server.manager.rooms
        events = {
            room.split(":", 1)[1]
            for namespace in ("/audience", "/presenter")
            for room in list(rooms.get(namespace, {}))
            if isinstance(room, str) and room.startswith(("audience:", "presenter:"))
        }
        for eid in events:
            if self.services.events.find(eid) is None:
                self.event_deleted(eid, local=True)
                continue
            self.poll_changed(eid, local=True)
            self.questions_changed(eid, local=True)
            self.reactions_changed(eid, local=True)
            self.survey_changed(eid, local=True)
        log.info("resync: the state of %d events sent again to this process's clients", len(events))

    def poll_changed(self, eid, local=False):
        """The live poll changed (opened, closed, revealed): both rooms hear `poll` now."""
        poll = self.services.polls.live(eid)
        results = self.services.presenter_results(poll) if poll else None
        event = self.services.events.find(eid)
        self._emit(
            "poll",
            {
                "poll": poll,
                "results": results,
                "polls": self.services.polls.list(eid),
                "moderation": event["moderation"] if event else True,
                "moderates": moderation_view(event) if event else None,  # for the moderator console
            },
            presenter_room(eid),
            "/presenter",
            local,
        )
        audience = {
            "poll": public_poll(poll) if poll else None,
            "results": for_audience(poll, results) if poll and poll["revealed"] else None,
        }
        self._emit("poll", audience, audience_room(eid), "/audience", local)
        if poll and poll["revealed"]:
            self._audience_sent[(eid, poll["id"])] = time.monotonic()

    def questions_changed(self, eid, local=False):
        """Q&A changed: presenters hear every question, phones the approved and answered ones."""
        questions = self.services.questions
        try:
            presenter, audience = questions.for_presenter(eid), questions.for_audience(eid)
            self._emit("questions", {"questions": presenter}, presenter_room(eid), "/presenter", local)
            self._emit("questions", {"questions": audience}, audience_room(eid), "/audience", local)
        except DomainError:
            pass

    def reactions_changed(self, eid, local=False):
        """Reactions opened or closed: every phone and screen (its invitation) hears it at once."""
        event = self.services.events.find(eid)
        if event:
            self._emit("reactions", reaction_settings(event), audience_room(eid), "/audience", local)
            self._emit("reactions", reaction_settings(event), presenter_room(eid), "/presenter", local)

    def survey_changed(self, eid, local=False):
        """A survey opened or closed: phones hear `survey`, the one open now or null, without anyone's
        answers or progress (a phone asks `sync` for its own)."""
        survey = self.services.surveys.for_everyone(eid)
        self._emit("survey", {"survey": survey}, audience_room(eid), "/audience", local)

    def answer_moderated(self, eid, pid, answer_id, state):
        """Phones hear the state of one answer by its id, which only its author's phone knows."""
        payload = {"poll_id": pid, "answer_id": answer_id, "state": state}
        self._emit("answer_moderated", payload, audience_room(eid), "/audience")

    def drawn(self, eid, draw):
        """Every screen and phone hears the winning ticket (never who holds it); each phone asks
        with `draw_outcome` whether it is its own."""
        self._emit("draw", draw, presenter_room(eid), "/presenter")
        self._emit("draw", draw, audience_room(eid), "/audience")

    def polls_changed(self, eid):
        self._emit("polls", {"polls": self.services.polls.list(eid)}, presenter_room(eid), "/presenter")

    def event_deleted(self, eid, local=False):
        payload = {"event_id": eid}
        self._emit("event_deleted", payload, audience_room(eid), "/audience", local)
        self._emit("event_deleted", payload, presenter_room(eid), "/presenter", local)

    def presenter_key_revoked(self, eid):
        self._emit("presenter_key_revoked", {"event_id": eid}, presenter_room(eid), "/presenter")
