"""vote.lua through the vote service, against the real test Redis."""

import pytest

from server.domain import Conflict, Invalid, NotFound


@pytest.fixture
def live_poll(hetki):
    event = hetki.events.create("ada@example.org", "Keynote")
    poll = hetki.polls.create(event["id"], "single", "Best fruit?", ["Apple", "Pear"])
    hetki.polls.open(event["id"], poll["id"])
    return event["id"], poll


def counts(hetki, eid, pid):
    return hetki.results.of(eid, pid)


def test_new_vote_is_counted(hetki, live_poll):
    eid, poll = live_poll
    assert hetki.votes.cast(eid, poll["id"], "p1", "o1", "v1") == "new"
    results = counts(hetki, eid, poll["id"])
    assert results["counts"] == {"o1": 1, "o2": 0} and results["total"] == 1


def test_changed_vote_moves_the_count(hetki, live_poll):
    eid, poll = live_poll
    hetki.votes.cast(eid, poll["id"], "p1", "o1", "v1")
    hetki.votes.cast(eid, poll["id"], "p2", "o1", "v2")
    assert hetki.votes.cast(eid, poll["id"], "p1", "o2", "v3") == "changed"
    results = counts(hetki, eid, poll["id"])
    assert results["counts"] == {"o1": 1, "o2": 1} and results["total"] == 2
    assert hetki.votes.vote_of(eid, poll["id"], "p1") == "o2"


def test_retried_client_vote_id_changes_nothing(hetki, live_poll):
    eid, poll = live_poll
    hetki.votes.cast(eid, poll["id"], "p1", "o1", "v1")
    hetki.votes.cast(eid, poll["id"], "p1", "o2", "v2")
    assert hetki.votes.cast(eid, poll["id"], "p1", "o2", "v2") == "duplicate"
    # a late retry of the first vote's id is not the current vote, so it is a new change
    results = counts(hetki, eid, poll["id"])
    assert results["counts"] == {"o1": 0, "o2": 1} and results["total"] == 1


def test_closed_poll_refuses_and_keeps_votes(hetki, live_poll):
    eid, poll = live_poll
    hetki.votes.cast(eid, poll["id"], "p1", "o1", "v1")
    hetki.polls.close(eid, poll["id"])
    with pytest.raises(Conflict) as refused:
        hetki.votes.cast(eid, poll["id"], "p2", "o1", "v2")
    assert refused.value.code == "poll_closed"
    assert counts(hetki, eid, poll["id"])["counts"] == {"o1": 1, "o2": 0}


def test_draft_poll_refuses(hetki):
    event = hetki.events.create("ada@example.org", "Keynote")
    poll = hetki.polls.create(event["id"], "single", "Q?", ["A", "B"])
    with pytest.raises(Conflict):
        hetki.votes.cast(event["id"], poll["id"], "p1", "o1", "v1")


def test_bad_option_is_refused_by_the_type_and_by_the_script(hetki, live_poll, redis_client):
    eid, poll = live_poll
    with pytest.raises(Invalid):
        hetki.votes.cast(eid, poll["id"], "p1", "o9", "v1")
    # the script refuses an unknown count field even if a caller skipped the type check
    store = hetki.store
    status, detail = store.polls.cast_vote(
        eid, poll["id"], "p1", "v1", '{"c":"v1","v":"x","k":[["x",1]]}', 0, [("x", 1)]
    )
    assert (status, detail) == ("err", "invalid_option")
    assert counts(hetki, eid, poll["id"])["total"] == 0
    assert not redis_client.hexists(f"hetki:{{{eid}}}:poll:{poll['id']}:counts", "x")


def test_unknown_poll_is_not_found(hetki, live_poll):
    eid, _ = live_poll
    with pytest.raises(NotFound):
        hetki.votes.cast(eid, "nope", "p1", "o1", "v1")


def test_opening_a_poll_closes_the_previous_one(hetki, live_poll):
    eid, first = live_poll
    second = hetki.polls.create(eid, "single", "Next?", ["Yes", "No"])
    hetki.polls.open(eid, second["id"])
    assert hetki.polls.get(eid, first["id"])["state"] == "closed"
    assert hetki.polls.live(eid)["id"] == second["id"]


def test_multiple_choice_counts_each_option(hetki):
    event = hetki.events.create("ada@example.org", "Keynote")
    poll = hetki.polls.create(event["id"], "multiple", "Pick", ["A", "B", "C"], {"max_choices": 2})
    hetki.polls.open(event["id"], poll["id"])
    hetki.votes.cast(event["id"], poll["id"], "p1", ["o1", "o2"], "v1")
    hetki.votes.cast(event["id"], poll["id"], "p2", ["o2"], "v2")
    hetki.votes.cast(event["id"], poll["id"], "p1", ["o3"], "v3")
    results = hetki.results.of(event["id"], poll["id"])
    assert results["counts"] == {"o1": 0, "o2": 1, "o3": 1} and results["total"] == 2
    for bad in (["o1", "o2", "o3"], ["o1", "o1"], [], "o1", [1], ["o9"]):
        with pytest.raises(Invalid):
            hetki.votes.cast(event["id"], poll["id"], "p3", bad, "v4")
