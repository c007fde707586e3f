"""vote.lua through the vote service, against the real test Redis."""

import pytest

from server.domain import Conflict, Invalid, NotFound
from server.store.keys import Keys
from tests.helpers.ballots import assert_counts_match_ballots


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
    results = counts(hetki, eid, poll["id"])
    assert results["counts"] == {"o1": 0, "o2": 1} and results["total"] == 1


def test_late_retry_of_an_earlier_vote_does_not_undo_the_latest(hetki, live_poll, redis_client):
    eid, pid = live_poll[0], live_poll[1]["id"]
    hetki.votes.cast(eid, pid, "p1", "o1", "c1")
    hetki.votes.cast(eid, pid, "p1", "o2", "c2")
    hetki.votes.cast(eid, pid, "p1", "o1", "c3")
    hetki.votes.cast(eid, pid, "p1", "o2", "c4")
    for late in ("c1", "c2", "c3"):  # delayed retries, in any order, of superseded votes
        assert hetki.votes.cast(eid, pid, "p1", "o1" if late != "c2" else "o2", late) == "duplicate"
    assert hetki.votes.vote_of(eid, pid, "p1") == "o2"
    assert counts(hetki, eid, pid)["counts"] == {"o1": 0, "o2": 1}
    assert assert_counts_match_ballots(redis_client, eid, pid) == 1


def test_seen_ids_belong_to_one_participant(hetki, live_poll):
    eid, pid = live_poll[0], live_poll[1]["id"]
    hetki.votes.cast(eid, pid, "p1", "o1", "same")
    assert hetki.votes.cast(eid, pid, "p2", "o2", "same") == "new"  # another phone's id space
    assert counts(hetki, eid, pid)["counts"] == {"o1": 1, "o2": 1}


def test_a_ballot_from_before_the_seen_set_is_still_deduped(hetki, live_poll, redis_client):
    eid, pid = live_poll[0], live_poll[1]["id"]
    hetki.votes.cast(eid, pid, "p1", "o1", "old")
    redis_client.delete(Keys.seen_votes(eid, pid))  # as a ballot stored by an earlier release
    assert hetki.votes.cast(eid, pid, "p1", "o1", "old") == "duplicate"
    assert hetki.votes.cast(eid, pid, "p1", "o2", "new") == "changed"
    assert hetki.votes.cast(eid, pid, "p1", "o1", "old") == "duplicate"
    assert counts(hetki, eid, pid)["counts"] == {"o1": 0, "o2": 1}


def test_refused_votes_are_not_remembered(hetki, live_poll):
    eid, pid = live_poll[0], live_poll[1]["id"]
    with pytest.raises(Invalid):
        hetki.votes.cast(eid, pid, "p1", "o9", "c1")
    assert hetki.votes.cast(eid, pid, "p1", "o1", "c1") == "new"


def test_reset_and_erasure_forget_the_seen_ids(hetki, live_poll, redis_client):
    eid, pid = live_poll[0], live_poll[1]["id"]
    hetki.votes.cast(eid, pid, "p1", "o1", "c1")
    assert redis_client.exists(Keys.seen_votes(eid, pid))
    hetki.polls.reset(eid, pid)
    assert not redis_client.exists(Keys.seen_votes(eid, pid))
    assert hetki.votes.cast(eid, pid, "p1", "o2", "c1") == "new"
    hetki.votes.cast(eid, pid, "p1", "o1", "c2")
    hetki.events.delete(hetki.events.get(eid))
    assert not redis_client.keys(f"hetki:{{{eid}}}:*")


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
    status, detail = store.polls.cast_vote(eid, poll["id"], "p1", "v1", "x", 0, "0", [("x", 1)])
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


def test_an_edit_reaches_a_process_that_cached_the_old_definition(hetki, config, organizer):
    """Two processes: one cached the poll before the organizer edited it; the vote script notices
    the new revision, and that process checks the value against the new definition."""
    from server import create_app

    other = create_app(config).extensions["hetki"]  # a second process's services and caches
    event = organizer.event()
    poll = organizer.poll(event["id"], type="multiple", options=("A", "B", "C"), max_choices=3)
    other.polls.definition(event["id"], poll["id"])  # cached: max_choices 3
    edited = organizer.call("PATCH", f"/api/v1/polls/{poll['id']}", json={"settings": {"max_choices": 1}})
    assert edited.status == 200, edited.body
    organizer.open(poll["id"])
    with pytest.raises(Invalid):
        other.votes.cast(event["id"], poll["id"], "p1", ["o1", "o2"], "v1")
    assert other.votes.cast(event["id"], poll["id"], "p1", ["o3"], "v2") == "new"
    assert counts(hetki, event["id"], poll["id"])["counts"] == {"o1": 0, "o2": 0, "o3": 1}
