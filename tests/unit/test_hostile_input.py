"""Generated malformed input (Hypothesis) against every JSON endpoint, path id and query string:
never a 5xx, always an error object, and Redis is byte-for-byte unchanged."""

from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server import create_app
from server.runtime.config import RATE_LIMIT_DEFAULTS
from tests.helpers.api import FlaskHttp, sign_in
from tests.helpers.clients import join
from tests.helpers.hostile import (
    EXAMPLES,
    bad_bool,
    bad_id,
    broken,
    changes,
    garbage_bodies,
    nasty_text,
    settled,
    to_json,
    url_text,
    wrong,
)


@pytest.fixture
def world(config, redis_client):
    """An app without rate limits (so every request reaches validation) and an event in use."""
    config.RATE_LIMITS = dict.fromkeys(RATE_LIMIT_DEFAULTS, "")
    app = create_app(config)
    hetki = app.extensions["hetki"]
    http = FlaskHttp(app.test_client())
    organizer = sign_in(http, hetki, "ada@example.org")
    event = organizer.event()
    live = organizer.poll(event["id"])
    draft = organizer.poll(event["id"], type="wordcloud", question="Words?", options=None)
    organizer.open(live["id"])
    participant = join(http, event["code"], "Ada")
    phone = {"X-Participant-Token": participant}
    assert organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/open").status == 200
    assert (
        http.request("POST", f"/api/v1/join/{event['code']}/reactions", headers=phone, data={"text": "Hi"}).status
        == 201
    )
    reaction = organizer.call("GET", f"/api/v1/events/{event['id']}/reactions").body["reactions"][0]
    qid = hetki.questions.ask(hetki.events.get(event["id"]), "someone", "Why?", None, False)
    survey = organizer.call(
        "POST", f"/api/v1/events/{event['id']}/surveys", json={"title": "S", "poll_ids": [draft["id"]]}
    )
    ids = {"eid": event["id"], "pid": live["id"], "code": event["code"], "rid": reaction["id"], "key": "nokey"}
    ids["sid"] = survey.body["id"]  # a draft survey nobody finished: a draw is refused (no_finishers)
    return {
        "app": app, "http": http, "organizer": organizer, "event": event, "live": live, "draft": draft,
        "phone": phone, "participant": participant, "ids": ids, "qid": qid, "redis": redis_client,
    }  # fmt: skip


def json_endpoints(w):
    """Every JSON body the API takes: (method, path, headers, strategy of malformed bodies)."""
    ids, option = w["ids"], w["live"]["options"][0]["id"]
    not_a_list = wrong.filter(lambda v: not isinstance(v, list | None))
    text = lambda most: wrong | st.just("") | st.just("x" * (most + 1))  # noqa: E731
    org = {"Authorization": f"Bearer {w['organizer'].token}"}
    return [
        ("POST", "/api/v1/token", {}, broken({"email": "ada@example.org", "password": "x"}, {"email": wrong | nasty_text, "password": text(200)})),
        ("POST", "/api/v1/events", org, broken({"title": "T"}, {"title": text(200)})),
        ("PATCH", f"/api/v1/events/{ids['eid']}", org, broken({"title": "T"}, {
            "title": text(200), "moderation": bad_bool, "reaction_limit": wrong | st.sampled_from([14, 121, 10**30]),
            "retention_days": wrong | st.just(0), "language": bad_id, "show_results": bad_bool})),
        ("POST", f"/api/v1/events/{ids['eid']}/polls", org, broken({"type": "single", "question": "Q", "options": ["a", "b"]}, {
            "type": bad_id, "question": text(300), "options": wrong.filter(lambda v: not isinstance(v, list | None)),
            "settings": wrong.filter(lambda v: not isinstance(v, dict | None))})),
        ("PATCH", f"/api/v1/polls/{w['draft']['id']}", org, broken({"question": "Q"}, {
            "question": text(300), "options": wrong.filter(lambda v: not isinstance(v, list | None)),
            "settings": wrong.filter(lambda v: not isinstance(v, dict | None))})),
        ("PUT", f"/api/v1/events/{ids['eid']}/poll-order", org, broken({"poll_ids": [w["live"]["id"], w["draft"]["id"]]}, {
            "poll_ids": wrong.filter(lambda v: not isinstance(v, list | None)) | st.lists(bad_id, min_size=1, max_size=3)})),
        ("POST", "/api/v1/events/import", org, broken({"event": {"title": "T"}, "polls": []}, {
            "event": wrong.filter(lambda v: not isinstance(v, dict | None)), "polls": wrong.filter(lambda v: not isinstance(v, list | None))})),
        ("POST", f"/api/v1/polls/{ids['pid']}/reveal", org, broken({"revealed": True}, {"revealed": bad_bool})),
        ("POST", f"/api/v1/polls/{ids['pid']}/reset", org, broken({"confirm": True}, {"confirm": bad_bool | st.just(False)})),
        ("POST", f"/api/v1/join/{ids['code']}", {}, broken({"nickname": "n"}, {"nickname": wrong.filter(lambda v: v is not None)})),
        ("POST", f"/api/v1/polls/{ids['pid']}/votes", w["phone"], broken({"value": option, "client_vote_id": "c1"}, {
            "value": wrong | nasty_text | st.just([option]), "client_vote_id": bad_id})),
        ("PATCH", f"/api/v1/events/{ids['eid']}/reactions/{ids['rid']}", org, broken({"status": "approved"}, {"status": bad_id})),
        ("POST", f"/api/v1/surveys/{ids['sid']}/draw", org, broken({"seed": "00"}, {"seed": wrong | nasty_text | text(64)})),
        ("POST", f"/api/v1/events/{ids['eid']}/surveys", org, broken({"title": "S", "poll_ids": [w["draft"]["id"]]}, {
            "title": text(120), "poll_ids": not_a_list | st.lists(bad_id, min_size=1, max_size=3), "invite_reactions": bad_bool})),
        ("POST", f"/api/v1/events/{ids['eid']}/surveys/from-template", org, broken({"template": "post_event_feedback"}, {
            "template": bad_id, "title": text(120).filter(lambda v: v is not None)})),
        ("PATCH", f"/api/v1/surveys/{ids['sid']}", org, broken({"title": "S"}, {
            "title": text(120), "poll_ids": not_a_list | st.lists(bad_id, min_size=1, max_size=3), "invite_reactions": bad_bool})),
        ("POST", f"/api/v1/surveys/{ids['sid']}/open", org, broken({"closes_at": 1}, {"closes_at": wrong | st.just(-1)})),
        ("POST", f"/api/v1/join/{ids['code']}/surveys/{ids['sid']}/progress", w["phone"], broken({"position": 0}, {
            "position": wrong | st.sampled_from([-1, 50, 10**30])})),
        ("POST", f"/api/v1/events/{ids['eid']}/invitations", org, broken({"role": "editor"}, {"role": bad_id})),
        ("PUT", f"/api/v1/events/{ids['eid']}/access/eve@example.org", org, broken({"role": "viewer"}, {"role": bad_id})),
        ("PATCH", "/api/v1/accounts/eve@example.org", org, broken({"disabled": True}, {"disabled": bad_bool})),
        ("PUT", f"/api/v1/events/{ids['eid']}/update", org, broken({"text": "T"}, {
            "text": text(5000), "refs": not_a_list, "follow_up_survey_id": bad_id.filter(lambda v: v is not None)})),
    ]  # fmt: skip


@pytest.fixture
def check(world):
    """check(reply): a 4xx with an error object, and Redis exactly as before the request."""
    before = settled(world["redis"])

    def check(reply, what, sent=b""):
        assert 400 <= reply.status < 500, (what, sent[:300], reply.status, reply.body)
        if what.startswith("/api/"):
            error = (reply.body or {}).get("error") or {}
            assert isinstance(error.get("code"), str) and isinstance(error.get("message"), str), (what, reply.body)
        changed = changes(world["redis"], before)
        assert not changed, f"{what} {sent[:300]!r} changed {changed}"

    return check


# Writes that read no JSON body (their path says it all), the multipart upload fuzzed on its own, and
# the image upload (a raw file: test_images.py fuzzes what decodes it).
NO_JSON_BODY = {
    "api.open_poll", "api.close_poll", "api.rotate_presenter_key", "editor_api.duplicate_poll",
    "editor_api.duplicate_event", "reactions_api.open_reactions", "reactions_api.close_reactions",
    "reactions_api.upload_reaction", "organizer.login", "organizer.logout", "api.upload_image",
    "api.close_survey", "api.survey_finish", "api.publish_update", "api.unpublish_update",
    "api.upload_logo", "api.accept_invitation", "organizer.invitation",
}  # fmt: skip


def test_every_json_write_endpoint_is_fuzzed(world):
    adapter = world["app"].url_map.bind("localhost")
    fuzzed = {adapter.match(path, method)[0] for method, path, _, _ in json_endpoints(world)}
    writes = {rule.endpoint for rule in world["app"].url_map.iter_rules() if rule.methods & {"POST", "PATCH", "PUT"}}
    assert writes - fuzzed - NO_JSON_BODY == set(), "a JSON endpoint is missing from json_endpoints()"


@EXAMPLES
@given(data=st.data())
def test_malformed_http_bodies(world, check, data):
    method, path, headers, bodies = data.draw(st.sampled_from(json_endpoints(world)))
    raw = data.draw(bodies | garbage_bodies)
    reply = world["http"].request(method, path, headers={**headers, "Content-Type": "application/json"}, data=raw)
    check(reply, path, raw)


form_text = nasty_text.filter(lambda t: not any("\ud800" <= c <= "\udfff" for c in t))  # forms are UTF-8


@settings(EXAMPLES, max_examples=150)
@given(
    form=st.tuples(form_text, form_text | st.just("Nice"))
    | st.tuples(st.just("true"), st.sampled_from([501, 5001, 60_000]).map(lambda n: "x" * n))
)
def test_malformed_reaction_forms(world, check, form):
    path = f"/api/v1/join/{world['ids']['code']}/reactions"
    reply = world["http"].request("POST", path, headers=world["phone"], data={"consent": form[0], "text": form[1]})
    check(reply, path, repr(form).encode())


def routes_with_ids(app):
    return [(m, r) for r in app.url_map.iter_rules() if r.arguments for m in sorted(r.methods - {"HEAD", "OPTIONS"})]


@settings(EXAMPLES, max_examples=250)
@given(data=st.data(), hostile=bad_id.map(lambda v: to_json(v) if not isinstance(v, str) else v).filter(bool))
def test_hostile_ids_in_paths_and_queries(world, check, data, hostile):
    method, rule = data.draw(st.sampled_from(routes_with_ids(world["app"])))
    swapped = data.draw(st.sampled_from(sorted(rule.arguments)))
    values = {a: world["ids"].get(a, "x") for a in rule.arguments} | {swapped: hostile}
    path = rule.rule
    for name, value in values.items():
        path = path.replace(f"<{name}>", quote(value, safe="", errors="surrogatepass")).replace(
            f"<path:{name}>", quote(value, safe="", errors="surrogatepass")
        )
    query = "?" + "&".join(
        f"{quote(k, errors='surrogatepass')}={quote(v, errors='surrogatepass')}"
        for k, v in data.draw(
            st.dictionaries(
                st.sampled_from(["format", "since", "lang", "x"]) | nasty_text, nasty_text | url_text, max_size=3
            )
        ).items()
    )
    headers = {"Authorization": f"Bearer {world['organizer'].token}", **world["phone"]}
    check(world["http"].request(method, path + query, headers=headers), path)  # fmt: skip


@settings(EXAMPLES, max_examples=120)
@given(fmt=nasty_text | url_text | st.just(""))
def test_hostile_export_format(world, check, fmt):
    path = f"/api/v1/events/{world['ids']['eid']}/export?format={quote(fmt, errors='surrogatepass')}"
    check(world["organizer"].call("GET", path), "/api/v1/export")
