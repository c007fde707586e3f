"""The thank-you draw: one winning ticket among a survey's finishers, chosen by a formula anyone can
recompute from the seed and the number of tickets shown on the projector.

Ticket k is the k-th participant to finish the survey (the survey's finishing order, kept once
given), so the formula needs no list of names. FORMULA is shown as runnable Python (hashlib's sha256).
The modulo bias is below n / 2**256: nothing anyone could measure.
"""

import hashlib
import re
import secrets

from . import Conflict, Invalid, NotFound, new_id, now_ms
from .notifier import Notifier

FORMULA = '1 + int(sha256(f"{seed}:{n}".encode()).hexdigest(), 16) % n'
SEED_PATTERN = re.compile(r"^[0-9a-fA-F]{1,64}$")
SEED_BYTES = 16  # 32 hex characters
MAX_KEPT = 100  # draws kept per survey; a redraw is a new one, the oldest go first


def new_seed() -> str:
    return secrets.token_hex(SEED_BYTES)


def winning_ticket(seed: str, n: int) -> int:
    """The ticket (1..n) the formula picks."""
    if n < 1:
        raise ValueError("a draw needs at least one ticket")
    return 1 + int(hashlib.sha256(f"{seed}:{n}".encode()).hexdigest(), 16) % n


def check_seed(seed) -> str:
    if not isinstance(seed, str) or not SEED_PATTERN.match(seed):
        raise Invalid("The seed must be 1-64 hexadecimal characters.", code="invalid_seed")
    return seed


def verify(draw: dict) -> bool:
    """True when the draw's ticket is what the formula gives for its seed and number of tickets."""
    try:
        return draw["formula"] == FORMULA and draw["ticket"] == winning_ticket(draw["seed"], draw["tickets"])
    except (KeyError, TypeError, ValueError):
        return False


def public_draw(draw: dict) -> dict:
    """What the organizer, the projector and every phone may see: never who won."""
    return {k: draw[k] for k in ("id", "survey_id", "seed", "tickets", "ticket", "formula", "drawn_at")}


class Draws:
    """Draws a survey's winner, keeps the draw and tells the event's screens and phones."""

    def __init__(self, store, notifier: Notifier | None = None):
        self.store = store
        self.notifier = notifier or Notifier()

    def draw(self, survey: dict, seed: str | None = None) -> dict:
        eid, sid = survey["event_id"], survey["id"]
        seed = new_seed() if seed is None else check_seed(seed)
        finishers = self.store.surveys.finishers(eid, sid)
        if not finishers:
            raise Conflict("Nobody has finished this survey yet.", code="no_finishers")
        ticket = winning_ticket(seed, len(finishers))
        draw = {
            "id": new_id(9),
            "survey_id": sid,
            "seed": seed,
            "tickets": len(finishers),
            "ticket": ticket,
            "formula": FORMULA,
            "drawn_at": now_ms(),
            "winner": finishers[ticket - 1],
        }
        if not self.store.draws.add(eid, sid, draw, MAX_KEPT):
            raise NotFound("No such event.", code="event_not_found")
        view = public_draw(draw)
        self.notifier.drawn(eid, view)
        return view

    def list(self, survey: dict) -> list[dict]:
        return [public_draw(d) for d in self.store.draws.all(survey["event_id"], survey["id"])]

    def outcome(self, eid: str, sid: str, draw_id: str, participant: str) -> dict | None:
        """One phone's view of a draw: the winning ticket, the participant's own (`mine`, None if
        they did not finish the survey) and whether they won."""
        draw = next((d for d in self.store.draws.all(eid, sid) if d["id"] == draw_id), None)
        if draw is None:
            return None
        won = draw["winner"] == participant
        mine = draw["ticket"] if won else self.store.draws.ticket_of(eid, sid, participant)
        return {**public_draw(draw), "won": won, "mine": mine}
