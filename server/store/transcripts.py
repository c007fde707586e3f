"""A video reaction's transcript: its state and result, kept in the reaction's own hash so that
whatever deletes the reaction (the attendee, the retention sweep, erasure) deletes the words too."""

import json

from .base import TopicStore
from .keys import Keys


class TranscriptStore(TopicStore):
    def __init__(self, client):
        super().__init__(client)
        self._advance = self.script("transcript.lua")

    def set_state(self, eid: str, rid: str, state: str, reason: str = "") -> str:
        """'ok', or 'gone' / 'done' when the reaction was deleted or already has its result."""
        reply = self._advance(keys=[Keys.reaction(eid, rid)], args=[state, "transcript_reason", reason])
        return reply.decode()

    def save(self, eid: str, rid: str, text: str, language: str | None, segments: list, worker: str) -> str:
        """Writes a result once: 'ok', or 'done' when one was already written (it stays), or 'gone'."""
        fields = {
            "transcript": text,
            "transcript_language": language or "",
            "transcript_segments": json.dumps(segments, ensure_ascii=False),
            "transcript_reason": "",
            "transcript_worker": worker,
        }
        args = ["done", *(item for pair in fields.items() for item in pair)]
        return self._advance(keys=[Keys.reaction(eid, rid)], args=args).decode()
