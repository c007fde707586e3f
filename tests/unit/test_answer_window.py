"""An open poll's results message reads only its newest answers (issue 15, item 4): a broadcast
tick costs the same with 1,000 answers or 5,000, where it re-read and sorted them all twice."""

import shutil
import tempfile
import time
from pathlib import Path

import pytest
import redis

from server import create_app
from server.domain.results import ANSWER_WINDOW
from server.runtime.config import Config
from server.store import Keys
from tests.helpers.api import FlaskHttp, sign_in
from tests.helpers.processes import redis_answers, start_redis


@pytest.fixture
def private_redis_url():
    """A Redis only this test talks to, so its byte counters measure one broadcaster tick."""
    folder = Path(tempfile.mkdtemp(prefix="hetki-answers-"))
    process = start_redis(folder / "redis.sock", folder)
    url = f"unix://{folder / 'redis.sock'}"
    assert redis_answers(url)
    yield url
    process.terminate()
    process.wait(10)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def app(private_redis_url, tmp_path):
    return create_app(
        Config(
            REDIS_URL=private_redis_url,
            DATA_DIR=tmp_path,
            SECRET_KEY="test-secret",
            MESSAGE_QUEUE=False,
            PUBLIC_URL=None,
            PASSWORD_HASH_METHOD="pbkdf2:sha256:1000",
            TRANSCRIBE=False,
        )
    )


@pytest.fixture
def hetki(app):
    return app.extensions["hetki"]


@pytest.fixture
def open_poll(app, hetki):
    organizer = sign_in(FlaskHttp(app.test_client()), hetki, "ada@example.org")
    event = organizer.event()
    assert organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"moderation": False}).status == 200
    poll = organizer.poll(event["id"], type="open", question="One word?", options=None)
    organizer.open(poll["id"])
    return hetki.polls.get(event["id"], poll["id"])


def answer(hetki, poll, first, last):
    for n in range(first, last):
        hetki.votes.cast(poll["event_id"], poll["id"], f"p{n:05d}", f"answer number {n} " + "x" * 60, f"c{n:05d}")


def tick_bytes(app, private_redis_url, poll):
    """What Redis sent for one broadcaster tick with the poll's results due."""
    broadcaster = app.extensions["hetki_broadcaster"]
    client = redis.Redis.from_url(private_redis_url)
    broadcaster.flush()  # the votes' own dirty flag
    client.set(Keys.dirty(poll["event_id"], poll["id"]), "1")

    def sent():
        return client.info("stats")["total_net_output_bytes"]

    before = sent()
    idle = sent() - before  # the INFO reply itself
    before = sent()
    broadcaster.flush()
    return sent() - before - idle


def test_a_results_tick_reads_the_newest_answers_not_all(app, hetki, open_poll, private_redis_url):
    answer(hetki, open_poll, 0, 1000)
    at_1000 = tick_bytes(app, private_redis_url, open_poll)
    answer(hetki, open_poll, 1000, 5000)
    at_5000 = tick_bytes(app, private_redis_url, open_poll)
    # before: two HGETALLs of every answer per tick, ~0.75 MB at 5,000 (5× the 1,000 figure)
    assert at_5000 < at_1000 * 1.2 + 2048, (at_1000, at_5000)
    assert at_5000 < 64 * 1024, at_5000

    results = hetki.presenter_results(open_poll)
    assert results["total"] == 5000
    assert [item["id"] for item in results["items"]] == [f"c{n:05d}" for n in range(5000 - ANSWER_WINDOW, 5000)]
    assert all(item["state"] == "approved" for item in results["items"])  # moderation is off
    assert results["answers"][-1] == "answer number 4999 " + "x" * 60


def test_a_changed_answer_moves_to_the_newest_and_moderation_shows(app, hetki, open_poll):
    eid, pid = open_poll["event_id"], open_poll["id"]
    answer(hetki, open_poll, 0, 3)
    time.sleep(0.002)  # answers of the same millisecond have no order
    hetki.votes.cast(eid, pid, "p00000", "changed my mind", "c-again")
    hetki.moderate(eid, {"action": "hide", "question_id": None, "poll_id": pid, "answer_id": "c00001"})
    items = hetki.presenter_results(open_poll)["items"]
    assert [(i["id"], i["state"]) for i in items] == [
        ("c00001", "hidden"),
        ("c00002", "approved"),
        ("c-again", "approved"),
    ]
    assert hetki.results.of_poll(open_poll)["answers"] == ["answer number 2 " + "x" * 60, "changed my mind"]

    hetki.polls.reset(eid, pid)
    assert hetki.presenter_results(open_poll)["items"] == []
    assert not hetki.store.redis.exists(Keys.answers(eid, pid))


def test_an_open_poll_stored_before_the_index_gets_it_on_its_first_tick(app, hetki, open_poll):
    """An upgraded server: the poll's answers were stored without the index nor its flag."""
    eid, pid = open_poll["event_id"], open_poll["id"]
    answer(hetki, open_poll, 0, 5)
    client = hetki.store.redis
    client.hdel(Keys.poll(eid, pid), "answer_index")
    client.delete(Keys.answers(eid, pid))
    assert [i["id"] for i in hetki.presenter_results(open_poll)["items"]] == [f"c{n:05d}" for n in range(5)]
    answer(hetki, open_poll, 5, 6)  # kept by vote.lua again from now on
    assert client.zrange(Keys.answers(eid, pid), 0, -1) == [f"p{n:05d}".encode() for n in range(6)]
