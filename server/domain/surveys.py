"""Self-paced surveys: a named set of an event's polls that phones answer at their own pace until a
closing time (the votes go through the live vote path; see store/surveys.py), each participant's
progress, the completion funnel and the post-event feedback template."""

import json
import statistics

from . import Conflict, Invalid, NotFound, new_id, now_ms, poll_types, valid_id
from .notifier import Notifier
from .polls import decode_poll, public_poll

MAX_SURVEYS = 50  # per event
MAX_POLLS = 50
MAX_OPEN_MS = 30 * 86_400_000
TEMPLATES = {
    "post_event_feedback": {
        "en": (
            "Post-event feedback",
            [
                ("nps", "How likely are you to recommend this event to a friend or colleague?"),
                ("csat", "How satisfied were you with the event?"),
                ("open", "What should we improve?"),
            ],
        ),
        "fi": (
            "Palautetta tapahtumasta",
            [
                ("nps", "Kuinka todennäköisesti suosittelisit tätä tapahtumaa ystävälle tai kollegalle?"),
                ("csat", "Kuinka tyytyväinen olit tapahtumaan?"),
                ("open", "Mitä meidän pitäisi parantaa?"),
            ],
        ),
        "sv": (
            "Respons på evenemanget",
            [
                ("nps", "Hur sannolikt är det att du skulle rekommendera evenemanget till en vän eller kollega?"),
                ("csat", "Hur nöjd var du med evenemanget?"),
                ("open", "Vad borde vi förbättra?"),
            ],
        ),
    }
}
OPEN_REFUSALS = {  # survey_open.lua's refusals
    "event_not_found": NotFound("No such event.", code="event_not_found"),
    "survey_not_found": NotFound("No such survey.", code="survey_not_found"),
    "poll_not_found": NotFound("A poll of the survey no longer exists.", code="poll_not_found"),
    "poll_live": Conflict("A poll of the survey is the live poll: close it first.", code="poll_live"),
    "quiz_not_in_survey": Invalid("A quiz is answered live, not in a survey.", code="quiz_not_in_survey"),
    "poll_in_survey": Conflict("A poll of the survey is open in another survey.", code="poll_in_survey"),
}
PROGRESS_REFUSALS = {  # survey_progress.lua's refusals
    "survey_not_found": NotFound("No such survey.", code="survey_not_found"),
    "survey_closed": Conflict("This survey is not open.", code="survey_closed"),
    "time_up": Conflict("This survey has closed.", code="time_up"),
    "invalid_position": Invalid("That position is not in the survey.", code="invalid_position"),
}


def decode_survey(raw, started=0, finished=0):
    return {
        "id": raw["id"],
        "event_id": raw["event_id"],
        "title": raw["title"],
        "poll_ids": json.loads(raw["poll_ids"]),
        "state": raw["state"],
        "closes_at": int(raw.get("closes_at") or 0) or None,
        "opened_at": int(raw.get("opened_at") or 0) or None,
        "created_at": int(raw["created_at"]),
        "invite_reactions": raw.get("invite_reactions") == "1",
        "counts": {"started": started, "finished": finished},
    }


def progress_view(record):
    """A progress record (store/surveys.decode_progress) as the participant's phone gets it."""
    if record is None:
        return None
    return {k: record[k] for k in ("position", "started_at", "finished_at", "ticket")}


def open_survey_of(event_fields, now):
    """The entry {id, poll_ids, closes_at, opened_at} of the event's open survey phones answer (the
    latest opened one still open), from the event hash as stored; None when there is none."""
    entries = [e for e in json.loads(event_fields.get("open_surveys") or "[]") if e["closes_at"] >= now]
    return max(entries, key=lambda e: e["opened_at"]) if entries else None


class Surveys:
    def __init__(self, store, polls, notifier=None, reactions=None):
        self.store = store
        self.polls = polls
        self.notifier = notifier or Notifier()
        self.reactions = reactions  # opens the event's reactions when a survey invites them

    def get(self, eid, sid):
        found = self.store.surveys.get_many(eid, [sid]) if valid_id(sid) else []
        if not found:
            raise NotFound("No such survey.", code="survey_not_found")
        return decode_survey(*found[0])

    def event_id_of(self, sid):
        eid = self.store.surveys.event_id(sid) if valid_id(sid) else None
        if not eid:
            raise NotFound("No such survey.", code="survey_not_found")
        return eid

    def owned(self, owner, sid):
        """The survey when `owner` owns its event; anyone else's is reported as missing."""
        eid = self.event_id_of(sid)
        event = self.store.events.get(eid)
        if not event or event["owner"] != owner:
            raise NotFound("No such survey.", code="survey_not_found")
        return self.get(eid, sid)

    def list(self, eid):
        return [decode_survey(*found) for found in self.store.surveys.get_many(eid, self.store.surveys.ids(eid))]

    def create(self, eid, title, poll_ids, invite_reactions=False):
        if self.store.surveys.count(eid) >= MAX_SURVEYS:
            raise Conflict(f"An event holds at most {MAX_SURVEYS} surveys.", code="too_many_surveys")
        survey = {
            "id": new_id(6),
            "event_id": eid,
            "title": _title(title),
            "poll_ids": self._checked_polls(eid, poll_ids),
            "state": "draft",
            "created_at": now_ms(),
            "invite_reactions": bool(invite_reactions),
        }
        if not self.store.surveys.create(eid, survey):
            raise NotFound("No such event.", code="event_not_found")
        return self.get(eid, survey["id"])

    def from_template(self, event, template, title=None):
        language = event["language"] if event["language"] in TEMPLATES[template] else "en"
        default_title, questions = TEMPLATES[template][language]
        polls = [self.polls.create(event["id"], kind, question) for kind, question in questions]
        return self.create(event["id"], title or default_title, [p["id"] for p in polls], invite_reactions=True)

    def edit(self, eid, sid, changes):
        survey = self.get(eid, sid)
        fields = {}
        if changes.get("title") is not None:
            fields["title"] = _title(changes["title"])
        if changes.get("poll_ids") is not None:
            if survey["state"] != "draft":
                raise Conflict("The polls of a survey change only while it is a draft.", code="survey_not_draft")
            fields["poll_ids"] = self._checked_polls(eid, changes["poll_ids"])
        if changes.get("invite_reactions") is not None:
            fields["invite_reactions"] = changes["invite_reactions"]
        if fields:
            self.store.surveys.update(eid, sid, fields)
        return self.get(eid, sid)

    def delete(self, eid, sid):
        survey = self.get(eid, sid)
        if survey["state"] == "open":
            self.close(eid, sid)
        self.store.surveys.delete(eid, sid)

    def open(self, eid, sid, closes_at):
        survey = self.get(eid, sid)
        now = now_ms()
        if not now < closes_at <= now + MAX_OPEN_MS:
            raise Invalid("The closing time is in the future, at most 30 days ahead.", code="invalid_closes_at")
        outcome = self.store.surveys.open(eid, sid, survey["poll_ids"], now, closes_at)
        if outcome != "ok":
            raise OPEN_REFUSALS[outcome]
        for pid in survey["poll_ids"]:
            self.polls.forget_definition(eid, pid)
        if survey["invite_reactions"] and self.reactions is not None:
            self.reactions.set_open(eid, True)
        self.notifier.survey_changed(eid)
        return self.get(eid, sid)

    def close(self, eid, sid, at=None):
        survey = self.get(eid, sid)
        self.store.surveys.close(eid, sid, survey["poll_ids"], at or now_ms())
        self.notifier.survey_changed(eid)
        return self.get(eid, sid)

    def close_due(self):
        """Closes the open surveys whose time is up (the broadcaster's tick); how many it closed."""
        closed = 0
        for eid, sid in self.store.surveys.due(now_ms()):
            if self.store.surveys.claim_due(eid, sid):  # one process closes each
                try:
                    self.close(eid, sid, self.get(eid, sid)["closes_at"])
                    closed += 1
                except NotFound:
                    pass  # erased meanwhile
        return closed

    def progress(self, eid, sid, participant, position=None):
        """Where the participant is (a position) or that they finished (position None): their progress."""
        if not valid_id(sid):
            raise NotFound("No such survey.", code="survey_not_found")
        status, record = self.store.surveys.progress(eid, sid, participant, now_ms(), position)
        if status == "err":
            raise PROGRESS_REFUSALS[record["code"]]
        return progress_view(record)

    def finishers(self, eid, sid):
        return self.store.surveys.finishers(eid, sid)

    def funnel(self, eid, sid):
        survey = self.get(eid, sid)
        records = self.store.surveys.all_progress(eid, sid).values()
        times = [(r["finished_at"] - r["started_at"]) / 1000 for r in records if r["finished_at"]]
        stopped = [0] * len(survey["poll_ids"])
        for record in records:
            if not record["finished_at"]:
                stopped[min(record["furthest"], len(stopped) - 1)] += 1
        answered = self.store.surveys.answered(eid, survey["poll_ids"])
        return {
            "started": len(records),
            "finished": len(times),
            "median_seconds_to_finish": statistics.median(times) if times else None,
            "stopped_at": [
                {"poll_id": pid, "position": n, "count": count}
                for n, (pid, count) in enumerate(zip(survey["poll_ids"], stopped, strict=True))
            ],
            "answered": [{"poll_id": pid, "count": n} for pid, n in zip(survey["poll_ids"], answered, strict=True)],
        }

    def for_phone(self, eid, event_fields, participant):
        """The open survey as one phone sees it (with its own answers and progress), or None. One
        round trip, only while the event has an open survey."""
        now = now_ms()
        entry = open_survey_of(event_fields, now)
        if entry is None:
            return None
        raw = self.store.surveys.phone_read(eid, entry["id"], entry["poll_ids"], participant)
        if raw is None or raw["survey"].get("state") != "open":
            return None
        survey = decode_survey(raw["survey"])
        polls = [decode_poll(p) for p in raw["polls"]]
        return {
            "id": survey["id"],
            "title": survey["title"],
            "closes_at": survey["closes_at"],
            "remaining_ms": max(0, survey["closes_at"] - now),
            "invite_reactions": survey["invite_reactions"],
            "polls": [public_poll(p) for p in polls],
            "answers": {p["id"]: b.value for p, b in zip(polls, raw["votes"], strict=True) if b},
            "progress": progress_view(raw["progress"]),
        }

    def for_everyone(self, eid):
        """The open survey as every phone sees it, without anyone's answers or progress, or None."""
        view = self.for_phone(eid, self.store.events.get(eid) or {}, "")
        return {k: v for k, v in view.items() if k not in ("answers", "progress")} if view else None

    def _checked_polls(self, eid, poll_ids):
        if not isinstance(poll_ids, list) or not 0 < len(poll_ids) <= MAX_POLLS:
            raise Invalid(f"A survey has 1 to {MAX_POLLS} polls.", code="invalid_survey_polls")
        if len(set(poll_ids)) != len(poll_ids):
            raise Invalid("Give each poll once.", code="invalid_survey_polls")
        polls = {p["id"]: p for p in self.polls.list(eid)}
        for pid in poll_ids:
            if pid not in polls:
                raise Invalid("Every poll of a survey is one of the event's polls.", code="invalid_survey_polls")
            if poll_types.get(polls[pid]["type"]).has_points:
                raise Invalid("A quiz is answered live, not in a survey.", code="quiz_not_in_survey")
        return list(poll_ids)


def _title(title):
    title = title.strip() if isinstance(title, str) else ""
    if not 0 < len(title) <= 120:
        raise Invalid("A survey's title has 1 to 120 characters.", code="invalid_title")
    return title
