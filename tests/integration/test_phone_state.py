"""A phone's connect and `sync` read what it owns, not the whole event (issue 15, item 4): with
5,000 reactions and 2,000 questions in the event, connect+sync stays within 100 ms; the indexes
follow every write and erasure; events stored before them get them built on first read."""

import asyncio
import time

from server.domain import new_id, now_ms
from server.domain.questions import MAX_SHOWN, VISIBLE_TO_AUDIENCE
from server.store import Keys
from server.store.indexes import SHOWN_STATES
from tests.helpers.api import upload
from tests.helpers.clients import join
from tests.helpers.processes import wait_until
from tests.load.thin_client import ThinClient

OTHERS = 250  # participants besides the phone, each with 20 reactions and 8 questions


def seed_question(store, eid, participant, state="approved", upvoters=()):
    question = {
        "id": new_id(6),
        "text": f"Question from {participant}?",
        "name": "",
        "participant": participant,
        "state": state,
        "highlighted": "0",
        "created_at": now_ms(),
    }
    store.questions.add(eid, question, state in VISIBLE_TO_AUDIENCE)
    for voter in upvoters:
        store.questions.upvote(eid, question["id"], voter)
    return question["id"]


def seed_reaction(store, eid, participant, text="Thanks!"):
    reaction = {
        "id": new_id(9),
        "participant": participant,
        "text": text,
        "status": "pending",
        "created_at": now_ms(),
        "kind": "text",
    }
    store.reactions.add(eid, reaction)
    return reaction["id"]


def seed_crowd(store, eid):
    """5,000 reactions and 2,000 questions (half of them shown) from OTHERS participants, through
    the store's own write paths; the first question is the most upvoted."""
    others = [new_id(12) for _ in range(OTHERS)]
    top = seed_question(store, eid, others[0], upvoters=others[1:6])
    for n, participant in enumerate(others):
        for _ in range(20):
            seed_reaction(store, eid, participant)
        for k in range(8 if n else 7):
            seed_question(store, eid, participant, "approved" if k % 2 else "pending")
    return top


def settle(store):
    """Waits out the broadcaster's `questions` message for the seeding (it reads every question)."""
    assert wait_until(lambda: not store.redis.exists(Keys.questions_dirty), timeout=10)
    time.sleep(0.5)


async def connect_and_sync(url, code, token):
    """(seconds from opening the socket to the answer of one `sync`, the connect state, the
    synced state), on the light client of the benchmarks: python-socketio's own client costs
    ~50 ms of its own per connect on this machine, which would drown what is measured here."""
    client = ThinClient()
    state = asyncio.get_running_loop().create_future()

    async def on_state(payload):
        if not state.done():
            state.set_result(payload)

    client.on("state", on_state, namespace="/audience")
    started = time.monotonic()
    auth = {"code": code, "participant": token}
    await client.connect(url, auth=auth, namespaces=["/audience"], transports=["websocket"], wait_timeout=10)
    try:
        first = await asyncio.wait_for(state, 10)
        synced = (await client.call("sync", {}, namespace="/audience", timeout=10))["state"]
        return time.monotonic() - started, first, synced
    finally:
        await client.disconnect()


def test_connect_and_sync_of_a_phone_cost_its_own_items_not_the_events(live_server, live_organizer, hetki):
    event = live_organizer.event()
    eid = event["id"]
    assert live_organizer.call("POST", f"/api/v1/events/{eid}/reactions/open").status == 200
    store = hetki.store
    top = seed_crowd(store, eid)
    token = join(live_server.http(), event["code"])
    me = hetki.participants.verify(token, eid)
    asked = [seed_question(store, eid, me, "pending"), seed_question(store, eid, me)]
    mine = [seed_reaction(store, eid, me, f"Mine {n}") for n in range(3)]
    store.questions.upvote(eid, top, me)
    assert store.redis.zcard(Keys.reactions(eid)) == 5003 and store.redis.zcard(Keys.questions(eid)) == 2002

    settle(store)

    def commands():
        return store.redis.info("stats")["total_commands_processed"]

    tries = []  # (ms, Redis commands) of each connect+sync: the best of up to ten, the machine being shared
    while len(tries) < 3 or (len(tries) < 10 and min(tries)[0] > 100):
        before = commands()
        took, state, synced = asyncio.run(connect_and_sync(live_server.url, event["code"], token))
        tries.append((round(took * 1000, 1), commands() - before - 1))
    # before: ~2 × 9,000 commands (every question twice, every reaction); now one page and its own
    assert min(used for _, used in tries) <= 400, f"connect+sync (ms, Redis commands): {tries}"
    assert min(tries)[0] <= 100, f"connect+sync (ms, Redis commands): {tries}"

    assert synced == state
    assert sorted(state["mine"]["asked"]) == sorted(asked) and state["mine"]["upvoted"] == [top]
    assert sorted(r["id"] for r in state["reactions"]["mine"]) == sorted(mine)  # ties within a ms: any order
    shown = state["questions"]
    assert len(shown) == MAX_SHOWN and shown[0]["id"] == top and shown[0]["upvotes"] == 6
    assert all(q["state"] == "approved" for q in shown)


def test_the_indexes_follow_moderation_upvotes_deletion_and_erasure(http, organizer, hetki, redis_client):
    event = organizer.event()
    eid = event["id"]
    assert organizer.call("POST", f"/api/v1/events/{eid}/reactions/open").status == 200
    token = join(http, event["code"])
    me = hetki.participants.verify(token, eid)
    store = hetki.store
    other = new_id(12)
    first = seed_question(store, eid, other)
    second = seed_question(store, eid, me, "pending")
    reply = upload(http, event, None, text="Lovely")  # the phone's own, through the API
    assert reply.status == 201, reply.body

    def state():
        return hetki.audience_state(eid, me)

    assert [q["id"] for q in state()["questions"]] == [first]
    hetki.questions.moderate(eid, second, "approve")
    hetki.questions.upvote(eid, second, me)
    got = state()
    assert [(q["id"], q["upvotes"]) for q in got["questions"]] == [(second, 1), (first, 0)]
    assert got["mine"] == {"asked": [second], "upvoted": [second]}
    assert [r["id"] for r in got["reactions"]["mine"]] == [reply.body["id"]]
    hetki.questions.moderate(eid, second, "hide")
    assert [q["id"] for q in state()["questions"]] == [first]
    hetki.questions.moderate(eid, second, "reopen")  # back, with its upvote
    assert [(q["id"], q["upvotes"]) for q in state()["questions"]] == [(second, 1), (first, 0)]
    hetki.questions.moderate(eid, second, "answer")
    assert state()["questions"][0]["state"] == "answered"

    deleted = http.request(
        "DELETE", f"/api/v1/join/{event['code']}/reactions/{reply.body['id']}", headers={"X-Participant-Token": token}
    )
    assert deleted.status in (200, 204), deleted.body
    assert state()["reactions"]["mine"] == []
    assert not redis_client.exists(Keys.own_reactions(eid, me))

    assert organizer.call("DELETE", f"/api/v1/events/{eid}").status in (200, 204)
    assert redis_client.keys(Keys.event_pattern(eid)) == []


def index_keys(redis_client, eid):
    own = redis_client.keys(f"hetki:{{{eid}}}:participant:*")
    return sorted([*own, Keys.shown_questions(eid).encode()])


def contents(redis_client, keys):
    def of(key):
        if redis_client.type(key) == b"zset":
            return redis_client.zrange(key, 0, -1, withscores=True)
        return sorted(redis_client.smembers(key))

    return {key: of(key) for key in keys}


def test_an_event_stored_before_the_indexes_gets_the_same_ones_on_its_first_read(http, organizer, hetki, redis_client):
    """The lazy backfill (lua/index_event.lua) builds what the write paths build, key for key."""
    event = organizer.event()
    eid = event["id"]
    token = join(http, event["code"])
    me = hetki.participants.verify(token, eid)
    store = hetki.store
    others = [new_id(12) for _ in range(3)]
    asked = seed_question(store, eid, me, upvoters=others)
    seed_question(store, eid, others[0], "pending", upvoters=[me])
    seed_question(store, eid, others[1], "answered", upvoters=[me, others[2]])
    seed_question(store, eid, others[2], "hidden")
    reactions = [seed_reaction(store, eid, p) for p in [me, *others, me]]
    before = hetki.audience_state(eid, me)
    keys = index_keys(redis_client, eid)
    written = contents(redis_client, keys)
    assert len(keys) == 1 + 4 + 4 + 4  # shown; everyone's own questions, upvotes and reactions

    redis_client.delete(*keys, Keys.indexes(eid))  # as an older version stored the event
    assert hetki.audience_state(eid, me) == before
    assert sorted(r["id"] for r in before["reactions"]["mine"]) == sorted([reactions[0], reactions[-1]])
    assert before["mine"]["asked"] == [asked] and len(before["mine"]["upvoted"]) == 2
    assert contents(redis_client, index_keys(redis_client, eid)) == written


def test_the_store_shows_the_states_the_domain_shows():
    assert SHOWN_STATES == VISIBLE_TO_AUDIENCE
