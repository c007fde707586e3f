"""What people said: the recurring themes of an event's open answers, questions, text reactions and
transcripts, and the same themes split by each author's own score.

The split is the sentiment signal: a participant who gave the event's NPS poll 9 or 10 is a
promoter, and what promoters wrote is "what promoters said"; no word list guesses at feelings.
Without an NPS poll a CSAT poll splits the same way (4–5, 3, 1–2). Hidden answers and questions
and rejected reactions are left out: a moderator took them out of the conversation.

Themes cost CPU in proportion to everything said (20,000 texts took minutes), so the web process
never makes them: a request reads the last ones a job worker made (trimmed to a bounded size,
insights_served.py). A text said queues a job (texts_arrived: one queued per event at a time; one
that arrives while a job runs queues the next), and so does a request when there are none yet or
they are older than INSIGHTS_REFRESH_SECONDS (a moderator hid some). The worker skips the work when
nothing was said since, reads each text once (themes.phrases is cached) and embeds each once
(vector_cache.py: at most BUDGET a job; until the model has read every text, the keyword themes).
"""

import hashlib
import json

from . import now_ms, poll_types, semantic_themes
from .insights_served import served
from .themes import LANGUAGES, Text, detect_language, themes
from .vector_cache import VectorCache

THEMES = 12  # themes of the whole event
GROUP_THEMES = 8  # themes of each score group
INSIGHTS_JOB = "insights"


def insights_job(eid):
    """The queue entry that asks a worker to make an event's insights again."""
    return {"kind": INSIGHTS_JOB, "event": eid}


def texts_arrived(store, eid):
    """Something was written or spoken: a worker remakes the themes soon (one job queued per event;
    one Redis SET when it is queued already)."""
    store.insights.request(eid, insights_job(eid))


def nothing_said():
    return summarize([], None, None, {})


class Insights:
    def __init__(self, store, polls, refresh_seconds=30, embed=None, model=None):
        """`embed`: the embedding model's port (texts -> unit vectors) in a job worker, named
        `model`; None where the model is off, or in the web process, which never makes themes."""
        self.store = store
        self.polls = polls
        self.refresh_ms = refresh_seconds * 1000
        self.embed = embed
        self.model = model

    def of_event(self, event):
        """The latest {texts, languages, sources, themes, score_poll, by_nps_group} a worker made
        (see summarize), with the open polls' questions, `made_at` (ms, None before the first) and
        `computing`: a worker is making them again. Costs a few Redis reads, no CPU work."""
        eid = event["id"]
        made = self.store.insights.latest(eid)
        if not made or now_ms() - made["made_at"] >= self.refresh_ms:
            self.store.insights.request(eid, insights_job(eid))
        return {
            **(made["insights"] if made else nothing_said()),
            "polls": {p["id"]: p["question"] for p in self.polls.list(eid) if _role(p) == "text"},
            "made_at": made["made_at"] if made else None,
            "computing": self.store.insights.queued(eid),
        }

    def make(self, event):
        """A job worker's part: the event's insights made again and saved, unless nothing changed."""
        eid = event["id"]
        self.store.insights.begin(eid)  # a text said from now on queues the next job
        polls = self.polls.list(eid)
        said = self.said(event, polls)
        score_poll, scores = self.scores(eid, polls)
        cache, vectors, unread = self._vectors(eid, said)
        embed = (lambda wanted: [vectors[text] for text in wanted]) if cache and not unread else None
        digest = _digest([event["language"], said, score_poll, scores, embed is not None])
        made = self.store.insights.latest(eid)
        insights = made["insights"] if made and made["digest"] == digest else None
        if insights is None:
            insights = served(summarize(said, event["language"], score_poll, scores, embed=embed))
        saved = self.store.insights.save(eid, {"digest": digest, "made_at": now_ms(), "insights": insights})
        if saved and unread:  # the model reads some more, then the next job goes on (coalesced)
            self.store.insights.still_running(eid)
            cache.embed_some(unread, vectors.keys() | set(unread))
            if not cache.full:
                self.store.insights.request(eid, insights_job(eid))
            self.store.insights.still_running(eid, False)
        return saved

    def _vectors(self, eid, said):
        """(cache, {text: vector} kept, [texts the model has not read]): themes by meaning once it has
        read them all, the keyword themes till then (and whenever the model is off: cache None)."""
        if self.embed is None:
            return None, {}, []
        cache = VectorCache(self.store, eid, self.embed, self.model)
        texts = list(dict.fromkeys(item["text"] for item in said))
        vectors = cache.kept(texts)
        return cache, vectors, [text for text in texts if text not in vectors]

    def said(self, event, polls):
        """Everything written or spoken at the event: [{text, participant, source, language?}]."""
        eid = event["id"]
        said = []
        for poll in polls:
            if _role(poll) != "text":
                continue
            states = self.store.polls.moderation(eid, poll["id"])
            votes = sorted(self.store.polls.votes(eid, poll["id"]).items(), key=lambda item: item[1].at_ms)
            said += [
                _said(ballot.value, participant, _waiting(states.get(ballot.vote_id), {
                    "kind": "answer", "poll_id": poll["id"], "answer_id": ballot.vote_id}))
                for participant, ballot in votes
                if states.get(ballot.vote_id) != "hidden" and isinstance(ballot.value, str)
            ]  # fmt: skip
        said += [
            _said(q["text"], q["participant"], _waiting(q["state"], {"kind": "question", "question_id": q["id"]}))
            for q in self.store.questions.all(eid)
            if q["state"] != "hidden"
        ]
        for reaction in self.store.reactions.all(eid):
            if reaction["status"] == "rejected":
                continue
            if reaction.get("text"):
                said.append(_said(reaction["text"], reaction["participant"], _reaction(reaction, "reaction")))
            if reaction.get("transcript") and reaction.get("transcript_state", "done") == "done":
                spoken = _said(reaction["transcript"], reaction["participant"], _reaction(reaction, "transcript"))
                said.append({**spoken, "language": reaction.get("transcript_language")})
        return said

    def scores(self, eid, polls):
        """The score poll (the first NPS poll with answers, else the first CSAT one) and each of its
        participants' scores: ({poll_id, type, question}, {participant: score}) or (None, {})."""
        for kind in (k.name for k in poll_types.REGISTRY.values() if k.insights_role == "score"):
            for poll in (p for p in polls if p["type"] == kind):
                votes = self.store.polls.votes(eid, poll["id"])
                if votes:
                    scores = {p: b.value for p, b in votes.items() if isinstance(b.value, int)}
                    return {"poll_id": poll["id"], "type": kind, "question": poll["question"]}, scores
        return None, {}


def _role(poll):
    return poll_types.get(poll["type"]).insights_role


def _waiting(state, source):
    """A source a moderator has not approved yet says so: the report (which may be shared) quotes
    only what was approved, or never needed approval."""
    return {**source, "waiting": True} if state == "pending" else source


def _said(text, participant, source):
    return {"text": text, "participant": participant, "source": source}


def _reaction(reaction, kind):
    return {"kind": kind, "reaction_id": reaction["id"], "reaction_kind": reaction["kind"]}


def _digest(value):
    return hashlib.blake2b(json.dumps(value, sort_keys=True).encode(), digest_size=16).hexdigest()


def summarize(said, event_language, score_poll, scores, embed=None):
    """Themes of everything said, and of each score group's texts. Runs in an OS thread. `embed`:
    the model's port (Insights._embed): themes by meaning across languages (semantic_themes); None
    for the keyword themes."""
    texts = [Text(item["text"], _language(item, event_language), item["source"], item["participant"]) for item in said]
    languages = {lang: sum(t.language == lang for t in texts) for lang in LANGUAGES}
    kinds = ("answer", "question", "reaction", "transcript")
    if embed is not None:
        overall, by_group = _semantic(texts, embed, event_language, score_poll, scores)
    else:
        overall, by_group = themes(texts, THEMES), _by_group(texts, score_poll, scores) if score_poll else None
    return {
        "texts": len(texts),
        "people": len({t.participant or f"#{i}" for i, t in enumerate(texts)}),  # who said something
        "languages": {lang: n for lang, n in languages.items() if n},
        "sources": {kind: sum(t.source["kind"] == kind for t in texts) for kind in kinds},
        "themes": _with_sentiment(overall, texts, score_poll, scores),
        "score_poll": score_poll,
        "by_nps_group": by_group,
    }


def _semantic(texts, embed, event_language, score_poll, scores):
    """semantic_themes' themes, and each score group's counted over its own texts."""
    ranges = poll_types.get(score_poll["type"]).score_groups if score_poll else ()
    people = {name: {p for p, score in scores.items() if low <= score <= high} for name, low, high in ranges}
    overall, split = semantic_themes.themes(texts, embed, event_language, THEMES, GROUP_THEMES, people)
    if not score_poll:
        return overall, None
    groups = {}
    for name, low, high in ranges:
        theirs = sum(t.participant in people[name] for t in texts)
        groups[name] = {"range": [low, high], "people": len(people[name]), "texts": theirs, "themes": split[name]}
    return overall, groups


def _language(item, event_language):
    """The transcript's own language, else the event's (fi, en), else detected from the text."""
    for lang in (item.get("language"), event_language):
        if lang in LANGUAGES:
            return lang
    return detect_language(item["text"])


def _with_sentiment(found, texts, score_poll, scores):
    """Each theme with the score groups of the people who said it (see _sentiment)."""
    author = {_digest(t.source): t.participant for t in texts}
    return [{**theme, "sentiment": _sentiment(theme, author, score_poll, scores)} for theme in found]


def _sentiment(theme, author, score_poll, scores):
    """{scored, groups: {name: people}, mean, leaning} of the theme's people who gave the score poll
    a score; `leaning` is the group of more than half of them, else "mixed" (None: nobody scored)."""
    if not score_poll:
        return None
    people = {author.get(_digest(source)) for source in theme["sources"]} - {None}
    theirs = [scores[p] for p in people if p in scores]
    groups = {
        name: sum(lo <= s <= hi for s in theirs) for name, lo, hi in poll_types.get(score_poll["type"]).score_groups
    }
    leaning = next((name for name, n in groups.items() if 2 * n > len(theirs)), "mixed") if theirs else None
    mean = round(sum(theirs) / len(theirs), 1) if theirs else None
    return {"scored": len(theirs), "groups": groups, "mean": mean, "leaning": leaning}


def _by_group(texts, score_poll, scores):
    groups = {}
    for name, lowest, highest in poll_types.get(score_poll["type"]).score_groups:
        people = {p for p, score in scores.items() if lowest <= score <= highest}
        theirs = [t for t in texts if t.participant in people]
        groups[name] = {
            "range": [lowest, highest],
            "people": len(people),
            "texts": len(theirs),
            "themes": themes(theirs, GROUP_THEMES),
        }
    return groups
