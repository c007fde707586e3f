"""Q&A: attendees ask and upvote; the presenter approves, highlights, answers and hides."""

from . import Invalid, NotFound, new_id, now_ms, valid_id
from .insights import texts_arrived
from .text import clean_text

MAX_QUESTION = 280
MAX_NAME = 30
STATES = ("pending", "approved", "answered", "hidden")
ACTIONS = {
    "approve": {"state": "approved"},
    "answer": {"state": "answered", "highlighted": "0"},
    "hide": {"state": "hidden", "highlighted": "0"},
    "reopen": {"state": "approved"},
    "highlight": {"highlighted": "1"},
    "unhighlight": {"highlighted": "0"},
}
VISIBLE_TO_AUDIENCE = ("approved", "answered")
MAX_SHOWN = 50  # questions a phone's list holds, most upvoted first: every phone reads them


def public_question(question, viewer=None):
    """A question as attendees (and the presenter) see it; never who asked, beyond the chosen name."""
    view = {
        "id": question["id"],
        "text": question["text"],
        "name": question.get("name") or None,
        "upvotes": question["upvotes"],
        "state": question["state"],
        "highlighted": question.get("highlighted") == "1",
        "created_at": int(question["created_at"]),
    }
    if viewer is not None:
        view["mine"] = question["participant"] == viewer
    return view


def audience_questions(questions, viewer=None):
    """Of an event's questions (as stored, ranked), what attendees see."""
    return [public_question(q, viewer) for q in questions if q["state"] in VISIBLE_TO_AUDIENCE]


def own_questions(asked, upvoted):
    """{asked, upvoted}: ids of the participant's own questions and of those they upvoted."""
    return {"asked": list(asked), "upvoted": sorted(upvoted)}


class Questions:
    def __init__(self, store):
        self.store = store

    def ask(self, event, participant, text, name=None, anonymous=False):
        text = clean_text(text or "")
        if not 0 < len(text) <= MAX_QUESTION:
            raise Invalid(f"A question has 1 to {MAX_QUESTION} characters.", code="invalid_question")
        name = None if anonymous else clean_text(name or "")[:MAX_NAME] or None
        moderated = event["moderate_questions"]
        question = {
            "id": new_id(6),
            "text": text,
            "name": name or "",
            "participant": participant,
            "state": "pending" if moderated else "approved",
            "highlighted": "0",
            "created_at": now_ms(),
        }
        if not self.store.questions.add(event["id"], question, question["state"] in VISIBLE_TO_AUDIENCE):
            raise NotFound("No such event.", code="event_not_found")  # erased while the phone asked
        texts_arrived(self.store, event["id"])
        return question["id"]

    def upvote(self, eid, qid, participant):
        upvotes = self.store.questions.upvote(eid, qid, participant) if valid_id(qid) else None
        if upvotes is None:
            raise NotFound("No such question.", code="question_not_found")
        return upvotes

    def moderate(self, eid, qid, action):
        question = self.store.questions.get(eid, qid) if valid_id(qid) else None
        if not question:
            raise NotFound("No such question.", code="question_not_found")
        if action not in ACTIONS:
            raise Invalid(f"The action is one of {', '.join(ACTIONS)}.", code="invalid_action")
        if action == "highlight":  # one highlighted question at a time
            for other in self.store.questions.all(eid):
                if other.get("highlighted") == "1":
                    self.store.questions.update(eid, other["id"], {"highlighted": "0"})
        state = ACTIONS[action].get("state")
        self.store.questions.update(eid, qid, ACTIONS[action], None if state is None else state in VISIBLE_TO_AUDIENCE)

    def approve_all(self, eid):
        """Approves every pending question; the number approved."""
        pending = [q["id"] for q in self.store.questions.all(eid) if q["state"] == "pending"]
        for qid in pending:
            self.store.questions.update(eid, qid, ACTIONS["approve"], True)
        return len(pending)

    def for_presenter(self, eid):
        return [public_question(q) for q in self.store.questions.all(eid)]

    def for_audience(self, eid, viewer=None):
        """The MAX_SHOWN most upvoted of the approved and answered questions."""
        return audience_questions(self.store.questions.shown(eid, MAX_SHOWN), viewer)

    def mine(self, eid, participant):
        """Ids of the participant's own questions and of those they upvoted."""
        return own_questions(*self.store.questions.own(eid, participant))
