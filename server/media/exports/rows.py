"""One row per response, as every format writes it."""

import json

from ...domain import poll_types
from .cells import iso_time

RESPONSE_FIELDS = [
    "poll_number",
    "poll_id",
    "poll_type",
    "question",
    "participant",
    "nickname",
    "answer",
    "answer_ids",
    "points",
    "answered_at",
]


def answer_text(poll, value):
    """A response as a person reads it: option texts instead of ids."""
    texts = {o["id"]: o["text"] for o in poll["options"]}
    if isinstance(value, list):
        return " | ".join(texts.get(v, str(v)) for v in value)
    return texts.get(value, str(value)) if isinstance(value, str) else str(value)


def response_rows(poll, responses):
    """The rows of a batch of one poll's responses (poll["number"] is its place in the event)."""
    for response in responses:
        value = response["value"]
        yield {
            "poll_number": poll["number"],
            "poll_id": poll["id"],
            "poll_type": poll["type"],
            "question": poll["question"],
            "participant": response["participant"],
            "nickname": response.get("nickname") or "",
            "answer": answer_text(poll, value),
            "answer_ids": json.dumps(value, ensure_ascii=False) if poll["options"] else "",
            "points": response.get("points", ""),
            "answered_at": iso_time(response["answered_at"]),
        }


def distribution(poll):
    """[(label, count)] of a poll's results: options, scores or words, most first for words."""
    return poll_types.get(poll["type"]).distribution(poll, poll["results"])
