"""One row per response, and per Q&A question, as every tabular format writes it."""

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
    "upvotes",
    "state",
    "answered_at",
]
QA_TYPE = "qa"  # the poll_type column of an audience question's row
IDS_JOIN = "|"  # answer_ids of a multiple choice or a ranking: o2|o1|o3


def answer_text(poll, value):
    """A response as a person reads it: option texts instead of ids."""
    texts = {o["id"]: o["text"] for o in poll["options"]}
    if isinstance(value, list):
        return " | ".join(texts.get(v, str(v)) for v in value)
    return texts.get(value, str(value)) if isinstance(value, str) else str(value)


def answer_ids(poll, value):
    """The chosen option ids as plain text (never JSON, whose quotes a CSV would triple)."""
    if not poll["options"]:
        return ""
    return IDS_JOIN.join(map(str, value)) if isinstance(value, list) else str(value)


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
            "answer_ids": answer_ids(poll, value),
            "points": response.get("points", ""),
            "upvotes": "",
            "state": response.get("state", ""),
            "answered_at": iso_time(response["answered_at"]),
        }


def question_rows(questions):
    """The audience's Q&A questions as rows after the polls': the question, the name its asker chose
    (never who asked), upvotes, and its state (pending, approved, answered or hidden)."""
    for question in questions:
        yield {
            "poll_number": "",
            "poll_id": "",
            "poll_type": QA_TYPE,
            "question": question["text"],
            "participant": "",
            "nickname": question.get("name") or "",
            "answer": "",
            "answer_ids": "",
            "points": "",
            "upvotes": question["upvotes"],
            "state": question["state"],
            "answered_at": iso_time(question["created_at"]),
        }


def distribution(poll):
    """[(label, count)] of a poll's results: options, scores or words, most first for words."""
    return poll_types.get(poll["type"]).distribution(poll, poll["results"])
