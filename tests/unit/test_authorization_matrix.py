"""Issue 20, item 1: every organizer route and presenter socket action × {owner, editor, moderator,
viewer, stranger} against one permission table. Walks app.url_map: a route taking an event, poll or
survey id that the table does not name fails the test, so a new route must choose its permission.

Each request runs in a fresh event (an allowed delete must not hide the next role's answer). Allowed
means the role got past the check (a 400 for an empty body is fine); refused means a stranger is told
the thing is missing (404) and a member whose role lacks the permission gets 403 role_forbidden."""

import pytest

from server.domain.access import PERMISSIONS
from tests.helpers.api import sign_in
from tests.helpers.clients import PresenterScreen

ROLES = ("owner", "editor", "moderator", "viewer", "stranger")
PUBLIC = None  # a route for phones or a presenter link: no organizer role involved

TABLE = {
    # events
    "api.get_event": "view",
    "api.update_event": "edit",
    "api.delete_event": "own",
    "api.list_questions": "moderate",
    "api.export_event": "results",
    "api.rotate_presenter_key": "own",
    "api.event_comparison": "results",
    # sharing
    "api.invite": "own",
    "api.list_access": "view",
    "api.change_role": "own",
    "api.remove_access": "own",
    # polls
    "api.create_poll": "edit",
    "api.list_polls": "view",
    "api.get_poll": "view",
    "api.open_poll": "edit",
    "api.close_poll": "edit",
    "api.reveal_poll": "edit",
    "api.reset_poll": "edit",
    "api.poll_results": "results",
    "editor_api.edit_poll": "edit",
    "editor_api.delete_poll": "edit",
    "editor_api.duplicate_poll": "edit",
    "editor_api.order_polls": "edit",
    "editor_api.duplicate_event": "edit",
    "api.upload_image": "edit",
    "api.result_png": "results",
    "api.result_svg": "results",
    # brand
    "api.get_brand": "view",
    "api.upload_logo": "edit",
    "api.delete_logo": "edit",
    # reactions
    "reactions_api.open_reactions": "edit",
    "reactions_api.close_reactions": "edit",
    "reactions_api.list_reactions": "view",
    "reactions_api.moderate_reaction": "moderate",
    "reactions_api.reaction_video": "view",
    "reactions_api.reaction_poster": "view",
    "reactions_api.reaction_captions": "view",
    "reactions_api.reactions_download": "results",
    # results
    "results_api.event_summary": "results",
    "results_api.event_insights": "results",
    "results_api.event_report": "results",
    # surveys and draws
    "api.create_survey": "edit",
    "api.survey_from_template": "edit",
    "api.list_surveys": "view",
    "api.get_survey": "view",
    "api.edit_survey": "edit",
    "api.delete_survey": "edit",
    "api.open_survey": "edit",
    "api.close_survey": "edit",
    "api.survey_funnel": "results",
    "api.draw": "edit",
    "api.list_draws": "results",
    # the event's update
    "api.get_update": "edit",
    "api.save_update": "edit",
    "api.publish_update": "edit",
    "api.unpublish_update": "edit",
    "api.delete_update": "edit",
    # pages
    "organizer.event_page": "edit",
    "organizer.event_settings_page": "edit",
    "organizer.reactions_gallery": "view",
    "organizer.results_page": "results",
    "presenter.screen_for_organizer": "edit",
    "moderator.console_for_organizer": "moderate",
    # phones, presenter links and files behind unguessable names
    "api.live_state": PUBLIC,
    "api.survey_progress": PUBLIC,
    "api.survey_finish": PUBLIC,
    "images.image_file": PUBLIC,
    "api.vote": PUBLIC,
    "brand.brand_css": PUBLIC,
    "presenter.poll_embed": PUBLIC,
    "presenter.result_image_page": PUBLIC,  # a one-time report token, as the PDF's page
}
ID_ARGUMENTS = {"eid", "pid", "sid"}
NOT_RUN_WHEN_ALLOWED = {"results_api.event_report"}  # a Chromium print each: its refusals are still checked
MISSING_CODES = {"event_not_found", "poll_not_found", "survey_not_found"}
SOCKET_ACTIONS = {  # presenter socket event -> permission (sockets/presenter.py)
    "open": "edit",
    "lobby": "edit",
    "close": "edit",
    "reveal": "edit",
    "reset": "edit",
    "draw": "edit",
    "draw_surveys": "edit",
    "moderate": "moderate",
    "wall_page": "moderate",
    "sync": "moderate",
    "settings": "moderate",
}
SOCKET_ROLES = {"owner", "editor", "moderator"}  # who may hold a presenter socket at all


def allowed(role, permission):
    return role in PERMISSIONS[permission]


def id_routes(app):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if ID_ARGUMENTS & set(rule.arguments) and rule.endpoint != "static" and not rule.endpoint.endswith(".static")
    ]


@pytest.fixture
def people(http, hetki):
    return {role: sign_in(http, hetki, f"{role}@example.org") for role in ROLES}


def world(people):
    """A fresh event of the owner's, shared with the editor, moderator and viewer, with a poll and a survey."""
    owner = people["owner"]
    event = owner.event()
    poll = owner.poll(event["id"])
    survey = owner.call(
        "POST", f"/api/v1/events/{event['id']}/surveys", json={"title": "Feedback", "poll_ids": [poll["id"]]}
    )
    assert survey.status == 201, survey.body
    for role in ("editor", "moderator", "viewer"):
        invite = owner.call("POST", f"/api/v1/events/{event['id']}/invitations", json={"role": role})
        assert invite.status == 201, invite.body
        token = invite.body["url"].rsplit("/", 1)[1]
        assert people[role].call("POST", f"/api/v1/invitations/{token}/accept").status == 200
    return event, poll, survey.body


def url_of(rule, event, poll, survey):
    values = {
        "eid": event["id"],
        "pid": poll["id"],
        "sid": survey["id"],
        "code": event["code"],
        "rid": "r0000000",
        "email": "viewer@example.org",
        "image": "missing.png",
        "token": "nothing",
        "key": event.get("presenter_url", "/p/x").rsplit("/", 1)[1],
    }
    return rule.build({name: values[name] for name in rule.arguments})[1]


def test_every_route_with_an_id_is_in_the_table(app):
    missing = sorted(rule.endpoint for rule in id_routes(app) if rule.endpoint not in TABLE)
    assert not missing, f"choose a permission for: {missing}"
    stale = sorted(set(TABLE) - {rule.endpoint for rule in id_routes(app)})
    assert not stale, f"no such routes any more: {stale}"


def test_every_guarded_route_declares_the_tables_permission(app):
    for rule in id_routes(app):
        view = app.view_functions[rule.endpoint]
        declared = getattr(view, "permission", None)
        if rule.endpoint == "organizer.results_page":  # chooses between a report token and event_role
            continue
        assert declared == TABLE[rule.endpoint], rule.endpoint


def refused(reply):
    code = reply.body.get("error", {}).get("code") if isinstance(reply.body, dict) else None
    return reply.status in (403, 404) and (code is None or code in MISSING_CODES | {"role_forbidden"})


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_what_the_table_allows(app, people, role):
    wrong = []
    for rule in id_routes(app):
        permission = TABLE[rule.endpoint]
        if permission is PUBLIC:
            continue
        may = allowed(role, permission)
        if may and rule.endpoint in NOT_RUN_WHEN_ALLOWED:
            continue
        method = sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        url = url_of(rule, *world(people))
        kwargs = {"json": {}} if method in ("POST", "PUT", "PATCH") else {}
        reply = people[role].call(method, url, headers={"Accept": "application/json"}, **kwargs)
        if may == refused(reply):
            wrong.append(f"{method} {rule.rule}: {reply.status} {str(reply.body)[:80]}")
        elif not may and role != "stranger" and reply.status != 403:
            wrong.append(f"{method} {rule.rule}: a member without the role got {reply.status}, not 403")
        elif not may and role == "stranger" and reply.status != 404:
            wrong.append(f"{method} {rule.rule}: a stranger got {reply.status}, not 404")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def test_a_co_organizer_sees_the_presenter_link_only_when_they_may_run_the_screen(people):
    event, _, _ = world(people)
    for role in ("owner", "editor", "moderator", "viewer"):
        seen = people[role].call("GET", f"/api/v1/events/{event['id']}").body
        assert seen["role"] == role
        assert ("presenter_url" in seen) == allowed(role, "edit"), role


def test_each_socket_action_checks_the_role(live_server, hetki):
    http = live_server.http()
    people = {role: sign_in(http, hetki, f"{role}@example.org") for role in ROLES}
    event, poll, survey = world(people)
    payloads = {
        "open": {"poll_id": poll["id"]},
        "lobby": {"poll_id": poll["id"]},
        "close": {"poll_id": poll["id"]},
        "reveal": {"poll_id": poll["id"], "revealed": False},
        "reset": {"poll_id": poll["id"]},
        "draw": {"survey_id": survey["id"]},
        "draw_surveys": {},
        "moderate": {"action": "approve_all"},
        "wall_page": {"poll_id": poll["id"], "start": 0, "count": 5},
        "sync": {},
        "settings": {"moderation": False},
    }
    assert set(payloads) == set(SOCKET_ACTIONS)
    for role in ROLES:
        screen = PresenterScreen(live_server.url, {"token": people[role].token, "event_id": event["id"]})
        if role not in SOCKET_ROLES:
            with pytest.raises(Exception):  # noqa: B017 (socketio's ConnectionError: refused at connect)
                screen.connect()
            continue
        screen.connect().wait_for("state")
        try:
            for action, permission in SOCKET_ACTIONS.items():
                ack = screen.call(action, payloads[action])
                code = None if ack["ok"] else ack["error"]["code"]
                if allowed(role, permission):
                    assert code != "role_forbidden", (role, action, ack)
                else:
                    assert code == "role_forbidden", (role, action, ack)
        finally:
            screen.close()
