"""After any fault: a poll's counts hash must be exactly what its stored ballots add up to."""

from server.store.ballots import Ballot
from server.store.keys import Keys


def recounted(redis_client, eid, pid):
    """The counts the poll's ballots imply: each ballot carries the increments it added."""
    totals = {}
    for raw in redis_client.hvals(Keys.votes(eid, pid)):
        for field, amount in Ballot.decode(raw).increments:
            totals[field] = totals.get(field, 0) + amount
    return totals


def assert_counts_match_ballots(redis_client, eid, pid):
    """Counts hash == recount of the votes hash (zero fields aside); returns the number of ballots."""
    stored = {k.decode(): int(v) for k, v in redis_client.hgetall(Keys.counts(eid, pid)).items()}
    expected = recounted(redis_client, eid, pid)
    assert all(n >= 0 for n in stored.values()), f"negative count in {stored}"
    nonzero = {field: n for field, n in stored.items() if n}
    assert nonzero == {field: n for field, n in expected.items() if n}, f"counts {stored} vs ballots {expected}"
    return redis_client.hlen(Keys.votes(eid, pid))
