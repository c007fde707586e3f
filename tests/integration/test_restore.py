"""A full restore between two servers: an event run on server A (every poll type answered by phones,
Q&A asked, upvoted and moderated, text and video reactions), exported as JSON, erased on A and
restored on server B, a separate `python -m server` with its own Redis and data folder; B's export
then says what A's said: every poll's results, the responses (participants renamed consistently),
the Q&A and the reactions."""

import shutil
import tempfile
from pathlib import Path

import pytest

from tests.helpers.api import sign_in
from tests.helpers.clients import Phone, PresenterScreen, join, vote_over_http
from tests.helpers.clips import make_clip
from tests.helpers.processes import redis_answers, start_redis
from tests.helpers.servers import LiveServer, services_over

QUIET = {"WORKERS": "0", "TRANSCRIBE": "0"}


@pytest.fixture(scope="module")
def server_a(redis_url, tmp_path_factory):
    live = LiveServer({"REDIS_URL": redis_url, **QUIET}, tmp_path_factory.mktemp("server-a")).start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def server_b(tmp_path_factory):
    """Server B with a Redis of its own: nothing of A's reaches it but the file."""
    folder = Path(tempfile.mkdtemp(prefix="hetki-restore-redis-"))
    redis = start_redis(folder / "redis.sock", folder, "--appendonly", "no")
    url = f"unix://{folder / 'redis.sock'}"
    assert redis_answers(url)
    data = tmp_path_factory.mktemp("server-b")
    live = LiveServer({"REDIS_URL": url, **QUIET}, data).start()
    live.hetki = services_over(url, data)
    yield live
    live.stop()
    redis.terminate()
    redis.wait(10)
    shutil.rmtree(folder, ignore_errors=True)


POLLS = [  # type, options, settings, what phone n answers
    ("single", ["Apple", "Pear", "Plum"], None, lambda n: f"o{n % 3 + 1}"),
    ("multiple", ["Red", "Green", "Blue"], {"max_choices": 2}, lambda n: ["o1", f"o{n % 2 + 2}"]),
    ("ranking", ["A", "B", "C"], None, lambda n: ["o3", "o1", "o2"] if n % 2 else ["o1", "o2", "o3"]),
    ("nps", None, None, lambda n: [10, 9, 6, 3, 8][n]),
    ("rating", None, {"scale": 5}, lambda n: n % 5 + 1),
    ("csat", None, None, lambda n: n % 5 + 1),
    ("ces", None, None, lambda n: n % 7 + 1),
    ("wordcloud", None, {"max_entries": 2}, lambda n: ["Joustava", "tekoäly"] if n % 2 else ["kahvi"]),
    ("open", None, None, lambda n: f"Answer number {n} <b>bold</b>"),
    ("quiz", ["Helsinki", "Turku"], {"correct": 0, "time_limit": 60}, lambda n: "o1" if n % 2 else "o2"),
]


def run_event(server, organizer, clip):
    """The event on A: five phones answer every poll; Q&A and reactions; returns the event."""
    event = organizer.event("Asiakaspäivä 2026")
    eid, code = event["id"], event["code"]
    assert organizer.call("PATCH", f"/api/v1/events/{eid}", json={"language": "fi", "moderation": True}).status == 200
    tokens = [join(server.http(), code, nickname=f"Pelaaja {n}") for n in range(5)]
    for kind, options, settings, answer in POLLS:
        poll = organizer.poll(eid, type=kind, question=f"Kysymys: {kind}?", options=options, **(settings or {}))
        organizer.open(poll["id"])
        for n, token in enumerate(tokens):
            vote_over_http(server.http(), poll["id"], token, answer(n), f"{kind}-{n}")
        if kind == "single":  # a changed mind: the latest answer counts
            vote_over_http(server.http(), poll["id"], tokens[0], "o3", "single-again")
        assert organizer.call("POST", f"/api/v1/polls/{poll['id']}/close").status == 200
        if kind in ("open", "nps"):
            assert organizer.call("POST", f"/api/v1/polls/{poll['id']}/reveal", json={"revealed": True}).status == 200
    screen = PresenterScreen(server.url, {"token": organizer.token, "event_id": eid}).connect()
    phones = [Phone(server.url, code, token).connect() for token in tokens[:3]]
    try:
        screen.wait_for("state")
        opened = organizer.call("GET", f"/api/v1/events/{eid}/polls").body["polls"]
        wall = next(p for p in opened if p["type"] == "open")
        for answer_id, action in (("open-1", "approve"), ("open-2", "hide"), ("open-3", "approve")):
            moderation = {"poll_id": wall["id"], "answer_id": answer_id, "action": action}
            assert screen.call("moderate", moderation)["ok"]
        asked = [phones[0].call("question", {"text": f"Kysymys {n}?", "name": f"Nimi {n}"}) for n in range(3)]
        qids = [a["question_id"] for a in asked]
        for qid, action in zip(qids, ("approve", "answer", "hide"), strict=True):
            assert screen.call("moderate", {"question_id": qid, "action": action})["ok"]
        assert screen.call("moderate", {"question_id": qids[0], "action": "highlight"})["ok"]
        for phone in phones[1:]:
            assert phone.call("upvote", {"question_id": qids[0]})["ok"]
    finally:
        for client in (screen, *phones):
            client.close()
    assert organizer.call("POST", f"/api/v1/events/{eid}/reactions/open").status == 200
    for n, text in enumerate(("Kiitos, loistava päivä!", "Lisää kahvia ensi kerralla")):
        reply = server.http().request(
            "POST", f"/api/v1/join/{code}/reactions", data={"consent": "false", "text": text}, headers=_phone(tokens[n])
        )
        assert reply.status == 201, reply.body
    files = {"video": ("clip.webm", clip.read_bytes(), "video/webm")}
    reply = server.http().request(
        "POST", f"/api/v1/join/{code}/reactions", data={"consent": "true"}, files=files, headers=_phone(tokens[2])
    )
    assert reply.status == 201, reply.body
    return event


def _phone(token):
    return {"X-Participant-Token": token}


def export_json(organizer, event):
    reply = organizer.call("GET", f"/api/v1/events/{event['id']}/export?format=json")
    assert reply.status == 200, reply.body
    return reply.body


def comparable(export):
    """What must survive a restore: everything but ids, who the participants are and the clock of
    the restore itself; participants as the order they first appear in (the same person keeps the
    same place across polls and reactions)."""
    order = {}
    rename = lambda old: order.setdefault(old, f"person-{len(order)}")  # noqa: E731
    polls = []
    for poll in export["polls"]:
        rows = [{**row, "participant": rename(row["participant"])} for row in poll["responses"]]
        keep = ("type", "question", "options", "settings", "state", "revealed", "results", "headline")
        results = {k: v for k, v in poll["results"].items() if k != "poll_id"}
        polls.append({**{k: poll[k] for k in keep}, "results": results, "responses": rows})
    questions = [{k: v for k, v in q.items() if k != "id"} for q in export["questions"]]
    reactions = [
        {**{k: v for k, v in r.items() if k != "id"}, "participant": rename(r["participant"])}
        for r in export["reactions"]
    ]
    settings = export["event"]["settings"]
    return {
        "title": export["event"]["title"],
        "settings": settings,
        "polls": polls,
        "questions": questions,
        "reactions": reactions,
    }


def test_an_event_exported_erased_and_restored_on_another_server_says_the_same(server_a, server_b, hetki, tmp_path):
    on_a = sign_in(server_a.http(), hetki, "ada@example.org")
    on_b = sign_in(server_b.http(), server_b.hetki, "ada@example.org")
    event = run_event(server_a, on_a, make_clip(tmp_path / "clip.webm", 2.0, "webm"))
    before = export_json(on_a, event)
    summary_before = on_a.call("GET", f"/api/v1/events/{event['id']}/summary").body
    assert sum(len(p["responses"]) for p in before["polls"]) == 5 * len(POLLS)
    assert on_a.call("DELETE", f"/api/v1/events/{event['id']}").status in (200, 204)
    assert on_a.call("GET", f"/api/v1/events/{event['id']}").status == 404

    reply = on_b.call("POST", "/api/v1/events/import?mode=restore", json=before)
    assert reply.status == 201, reply.body
    restored = reply.body
    assert restored["title"] == "Asiakaspäivä 2026" and restored["id"] != event["id"]
    after = export_json(on_b, restored)
    restored_view, original = comparable(after), comparable(before)
    for poll_after, poll_before in zip(restored_view.pop("polls"), original.pop("polls"), strict=True):
        for key in poll_before:
            assert poll_after[key] == poll_before[key], (poll_before["type"], key)
    assert restored_view == original
    new_people = {row["participant"] for poll in after["polls"] for row in poll["responses"]}
    old_people = {row["participant"] for poll in before["polls"] for row in poll["responses"]}
    assert len(new_people) == 5 and not new_people & old_people  # new anonymous ids, one per person

    # the results page's figures: the same people, answers and answer times
    summary_after = on_b.call("GET", f"/api/v1/events/{restored['id']}/summary").body
    assert summary_after["participants"] == summary_before["participants"] == 5
    assert all(p["median_answer_ms"] is not None for p in summary_before["polls"])
    for key in ("answered", "median_answer_ms", "headline"):
        assert [p[key] for p in summary_after["polls"]] == [p[key] for p in summary_before["polls"]], key
    polls = on_b.call("GET", f"/api/v1/events/{restored['id']}/polls").body["polls"]
    quiz = next(p for p in polls if p["type"] == "quiz")
    quiz_before = next(p["results"] for p in before["polls"] if p["type"] == "quiz")
    assert on_b.results(quiz["id"]) == {**quiz_before, "poll_id": quiz["id"]}
    video = next(r for r in after["reactions"] if r["kind"] == "video")  # its metadata; the file stayed on A
    missing = on_b.call("GET", f"/api/v1/events/{restored['id']}/reactions/{video['id']}/video")
    assert (missing.status, missing.body["error"]["code"]) == (404, "video_not_restored")
    archive = on_b.call("GET", f"/api/v1/events/{restored['id']}/reactions.zip")
    assert archive.status == 200
    template = on_b.call("POST", "/api/v1/events/import", json=before)  # the template mode stays the default
    assert template.status == 201
    assert all(not p["responses"] for p in export_json(on_b, template.body)["polls"])


def test_a_restore_beyond_its_limits_or_with_a_bad_answer_creates_nothing(server_b):
    on_b = sign_in(server_b.http(), server_b.hetki, "grace@example.org")
    event = {"title": "Too much", "settings": {}}
    poll = {"type": "single", "question": "Which?", "options": ["A", "B"], "state": "closed"}
    row = {"participant": "p", "value": "o1", "answered_at": 1_700_000_000_000}
    rows = [{**row, "participant": f"p{n}"} for n in range(100_001)]
    cases = [
        ({"event": event, "polls": [{**poll, "responses": rows}]}, 413, "too_many_responses"),
        ({"event": event, "polls": [], "questions": [{}] * 5_001}, 413, "too_many_questions"),
        (
            {"event": event, "polls": [{**poll, "responses": [row, {**row, "participant": "q", "value": "o9"}]}]},
            422,
            "invalid_value",
        ),
        ({"event": event, "polls": [{**poll, "responses": [row, row]}]}, 422, "invalid_restore"),
        (
            {
                "event": event,
                "polls": [],
                "reactions": [{"participant": "p", "kind": "text", "status": "approved", "created_at": 1}],
            },
            422,
            "invalid_restore",
        ),
        ({"event": event, "polls": [{**poll, "responses": 5}], "questions": "many"}, 422, "validation_failed"),
        ({"event": event, "polls": [poll]}, 422, "invalid_mode"),
    ]
    for body, status, code in cases:
        mode = "nonsense" if code == "invalid_mode" else "restore"
        reply = on_b.call("POST", f"/api/v1/events/import?mode={mode}", json=body)
        assert (reply.status, reply.body["error"]["code"]) == (status, code), reply.body
        assert reply.body["error"]["message"]
    assert on_b.call("GET", "/api/v1/events").body["events"] == []
