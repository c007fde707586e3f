"""Linked editions of a recurring event compared (NPS, CSAT, CES, response rate), the organizer's
NPS and CSAT over time, and the links an organizer may not make."""

from tests.helpers.api import sign_in
from tests.helpers.editions import EXPECTED, link, make_edition, make_editions


def figures(rows):
    return [(r["title"], r["participants"], r["nps"], r["csat"], r["ces"], r["response_rate"]) for r in rows]


def comparison(organizer, event):
    reply = organizer.call("GET", f"/api/v1/events/{event['id']}/comparison")
    assert reply.status == 200, reply.body
    return reply.body["events"]


def assert_refused(reply, status=422, code="invalid_previous_event"):
    assert reply.status == status, (reply.status, reply.body)
    assert reply.body["error"]["code"] == code and reply.body["error"]["message"]


def test_three_linked_editions_compared_oldest_first(organizer):
    first, second, third = make_editions(organizer)
    rows = comparison(organizer, third)
    assert figures(rows) == EXPECTED
    assert [r["id"] for r in rows] == [first["id"], second["id"], third["id"]]
    assert rows[0]["created_at"] <= rows[1]["created_at"] <= rows[2]["created_at"]
    assert figures(comparison(organizer, second)) == EXPECTED[:2]  # only the editions before it
    assert figures(comparison(organizer, first)) == EXPECTED[:1]
    got = organizer.call("GET", f"/api/v1/events/{third['id']}").body
    assert got["previous_event_id"] == second["id"]


def test_trend_lists_events_with_an_nps_or_csat_poll(organizer):
    first, second, third = make_editions(organizer)
    organizer.event("Board meeting")  # no score poll: not on the trend
    reply = organizer.call("GET", "/api/v1/events/trend")
    assert reply.status == 200, reply.body
    rows = reply.body["events"]
    assert [(r["id"], r["title"], r["nps"], r["csat"]) for r in rows] == [
        (first["id"], "Summit 2024", 0, 66.7),
        (second["id"], "Summit 2025", 50, 75.0),
        (third["id"], "Summit 2026", 100, None),
    ]


def test_unlinking_and_erasing_end_the_chain(organizer):
    _first, second, third = make_editions(organizer)
    assert link(organizer, second, None).status == 200
    assert figures(comparison(organizer, third)) == EXPECTED[1:]
    assert organizer.call("DELETE", f"/api/v1/events/{second['id']}").status == 204
    assert figures(comparison(organizer, third)) == EXPECTED[2:]  # the erased edition is not shown


def test_cycles_itself_and_foreign_events_are_refused(organizer, http, hetki):
    first, second, third = make_editions(organizer)
    assert_refused(link(organizer, first, third))  # first <- second <- third <- first: a cycle
    assert_refused(link(organizer, second, third))
    assert_refused(link(organizer, first, first))
    other = sign_in(http, hetki, "bob@example.org")
    foreign = other.event("Bob's meetup")
    assert_refused(link(organizer, first, foreign))
    assert_refused(link(other, foreign, first))  # nor may Bob link to Alice's
    assert_refused(organizer.call("PATCH", f"/api/v1/events/{first['id']}", json={"previous_event_id": "nosuch"}))
    bad = organizer.call("PATCH", f"/api/v1/events/{first['id']}", json={"previous_event_id": 12})
    assert_refused(bad, 422, "validation_failed")
    assert organizer.call("GET", f"/api/v1/events/{first['id']}").body["previous_event_id"] is None
    assert figures(comparison(organizer, third)) == EXPECTED  # nothing refused was kept


def test_comparison_is_the_owners_only(organizer, http, hetki):
    event = make_edition(organizer, "Summit 2026")
    other = sign_in(http, hetki, "bob@example.org")
    assert_refused(other.call("GET", f"/api/v1/events/{event['id']}/comparison"), 404, "event_not_found")
    assert http.request("GET", f"/api/v1/events/{event['id']}/comparison").status == 401
    assert other.call("GET", "/api/v1/events/trend").body == {"events": []}
