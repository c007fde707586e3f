"""A participant's stored vote on one poll, as the store reads and writes it.

The record is JSON in the poll's votes hash, with one-letter keys to keep a hall's worth small;
vote.lua and answers_window.lua read it too (`c` and `k`, `t`). Nothing outside the store sees
those keys: it gets a Ballot."""

import json
from dataclasses import dataclass
from typing import Any

from .base import Raw


@dataclass(frozen=True, slots=True)
class Ballot:
    value: Any  # the poll type's stored value (kind.stored_value)
    vote_id: str  # the phone's client_vote_id: a retry of it is a duplicate
    increments: tuple[tuple[str, int], ...]  # what it added to the counts, taken back when it moves
    at_ms: int  # when the store took it; 0 for a record stored without a time (as answers_window.lua reads it)

    def encode(self) -> str:
        record = {"c": self.vote_id, "v": self.value, "k": self.increments, "t": self.at_ms}
        return json.dumps(record, separators=(",", ":"))

    @classmethod
    def decode(cls, raw: Raw) -> "Ballot":
        record = json.loads(raw)
        increments = tuple((field, int(amount)) for field, amount in record.get("k") or ())
        return cls(record["v"], record["c"], increments, record.get("t", 0))


def decode_ballot(raw: Raw | None) -> Ballot | None:
    return Ballot.decode(raw) if raw else None
