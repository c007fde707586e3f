"""The organizer prepares an event on the web: the poll editor, reordering, settings, the events list."""

import json

import requests
from playwright.sync_api import expect

from tests.helpers.clients import join

from .organizer_pages import sign_in_page as signed_in

LAPTOP = {"viewport": {"width": 1280, "height": 800}, "locale": "en-US"}
PHONE_SIZE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def sign_in_page(page, email):
    signed_in(page, email)
    page.on("dialog", lambda dialog: dialog.accept())  # the confirms before deleting and rotating


def add_poll(page, kind, question, options=(), **settings):
    form = page.locator("#add-poll form")
    form.locator('select[name="type"]').select_option(kind)
    form.locator('input[name="question"]').fill(question)
    for index, text in enumerate(options):
        rows = form.locator(".option-input")
        if index >= rows.count():
            rows.nth(index - 1).press("Enter")  # Enter in an option adds the next one
        form.locator(".option-input").nth(index).fill(text)
    for name, value in settings.items():
        form.locator(f'input[name="{name}"]').fill(str(value))
    count = page.locator("#polls > li").count()
    form.locator('button[type="submit"]').click()
    expect(page.locator("#polls > li")).to_have_count(count + 1)
    expect(form.locator('input[name="question"]')).to_be_focused()


def questions(organizer, eid):
    return [p["question"] for p in organizer.call("GET", f"/api/v1/events/{eid}/polls").body["polls"]]


def test_organizer_builds_edits_and_orders_polls(live_server, live_organizer, open_page, shot):
    page = open_page("editor", **LAPTOP)
    sign_in_page(page, live_organizer.email)
    page.fill("#new-title", "Spring all-hands")
    page.click('#new-event button[type="submit"]')
    page.wait_for_url("**/events/*")
    eid = page.url.rsplit("/", 1)[1]
    expect(page.locator("#no-polls")).to_be_visible()

    add_poll(page, "single", "Best fruit?", ["Apple", "Pear", "Plum"])
    add_poll(page, "nps", "Would you recommend us?")
    add_poll(page, "wordcloud", "One word for today?", max_entries=2)
    polls = live_organizer.call("GET", f"/api/v1/events/{eid}/polls").body["polls"]
    assert [(p["type"], p["question"]) for p in polls] == [
        ("single", "Best fruit?"),
        ("nps", "Would you recommend us?"),
        ("wordcloud", "One word for today?"),
    ]
    assert [o["text"] for o in polls[0]["options"]] == ["Apple", "Pear", "Plum"]
    assert polls[2]["settings"]["max_entries"] == 2

    cards = page.locator("#polls > li")
    cards.nth(0).locator('[data-action="edit"]').click()
    form = cards.nth(0).locator(".poll-edit form")
    expect(form.locator('input[name="question"]')).to_be_focused()
    form.locator('input[name="question"]').fill("Best fruit of all?")
    form.locator(".option-input").nth(2).fill("Cherry")
    form.locator('button[type="submit"]').click()
    expect(cards.nth(0).locator(".poll-question")).to_have_text("Best fruit of all?")
    expect(cards.nth(0).locator(".option-chip")).to_have_text(["Apple", "Pear", "Cherry"])
    expect(cards.nth(0).locator('[data-action="edit"]')).to_be_focused()
    assert [o["text"] for o in live_organizer.call("GET", f"/api/v1/polls/{polls[0]['id']}").body["options"]] == [
        "Apple",
        "Pear",
        "Cherry",
    ]

    # keyboard: the word cloud's handle, ↑ twice; focus stays on it and the move is announced
    handle = cards.nth(2).locator('[data-action="handle"]')
    handle.focus()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(page.locator("#announcer")).to_have_text("Moved to position 1 of 3.")
    expect(cards.nth(0).locator('[data-action="handle"]')).to_be_focused()
    expect(cards.nth(0).locator(".poll-question")).to_have_text("One word for today?")
    page.wait_for_timeout(300)
    assert questions(live_organizer, eid) == ["One word for today?", "Best fruit of all?", "Would you recommend us?"]
    # Alt+↓ from anywhere in a poll, and the "Move up" button
    cards.nth(0).locator('[data-action="duplicate"]').press("Alt+ArrowDown")
    expect(page.locator("#announcer")).to_have_text("Moved to position 2 of 3.")
    cards.nth(2).locator('[data-action="up"]').click()
    expect(cards.nth(1).locator('[data-action="up"]')).to_be_focused()
    page.wait_for_timeout(300)
    assert questions(live_organizer, eid) == ["Best fruit of all?", "Would you recommend us?", "One word for today?"]

    # drag: the last poll's handle onto the first
    source = cards.nth(2).locator('[data-action="handle"]').bounding_box()
    target = cards.nth(0).bounding_box()
    page.mouse.move(source["x"] + 10, source["y"] + 10)
    page.mouse.down()
    page.mouse.move(source["x"] + 10, source["y"] - 20, steps=4)
    page.mouse.move(target["x"] + 40, target["y"] + 10, steps=8)
    page.mouse.up()
    expect(cards.nth(0).locator(".poll-question")).to_have_text("One word for today?")
    page.wait_for_timeout(300)
    assert questions(live_organizer, eid) == ["One word for today?", "Best fruit of all?", "Would you recommend us?"]

    # duplicate, then delete the copy
    cards.nth(2).locator('[data-action="duplicate"]').click()
    expect(cards).to_have_count(4)
    expect(cards.nth(3).locator(".poll-question")).to_have_text("Would you recommend us? (copy)")
    assert len(questions(live_organizer, eid)) == 4
    cards.nth(3).locator('[data-action="delete"]').click()
    expect(cards).to_have_count(3)
    assert questions(live_organizer, eid) == ["One word for today?", "Best fruit of all?", "Would you recommend us?"]

    # a poll with answers keeps its options: the server's reason is shown
    fruit = polls[0]["id"]
    live_organizer.call("POST", f"/api/v1/polls/{fruit}/open")
    phone = live_server.http()
    token = join(phone, live_organizer.call("GET", f"/api/v1/events/{eid}").body["code"])
    vote = {"value": "o1", "client_vote_id": "v-1"}
    reply = phone.request("POST", f"/api/v1/polls/{fruit}/votes", json=vote, headers={"X-Participant-Token": token})
    assert reply.status == 200, reply.body
    live_organizer.call("POST", f"/api/v1/polls/{fruit}/close")
    page.reload()
    expect(cards.nth(1).locator(".answered")).to_have_text("1 answer")
    cards.nth(1).locator('[data-action="edit"]').click()
    form = cards.nth(1).locator(".poll-edit form")
    expect(form.locator(".note")).to_contain_text("People have answered this poll")
    form.locator(".option-input").nth(0).fill("Apricot")
    form.locator('button[type="submit"]').click()
    expect(form.locator(".error")).to_contain_text("options and settings are fixed")
    form.locator('button:has-text("Cancel")').click()
    expect(cards.nth(1).locator(".poll-edit")).to_be_hidden()
    shot(page, "editor-laptop")


def test_settings_links_and_the_events_list(live_server, live_organizer, open_page, shot, tmp_path):
    event = live_organizer.event("Spring all-hands")
    eid, code = event["id"], event["code"]
    for kind, question in (("single", "Best fruit?"), ("nps", "Would you recommend us?")):
        body = {"type": kind, "question": question, **({"options": ["Apple", "Pear"]} if kind == "single" else {})}
        live_organizer.call("POST", f"/api/v1/events/{eid}/polls", json=body)
    join(live_server.http(), code)
    page = open_page("settings", **LAPTOP)
    sign_in_page(page, live_organizer.email)
    page.goto(f"/events/{eid}/settings")

    page.fill('input[name="title"]', "Spring all-hands 2026")
    page.check('input[name="language"][value="fi"]')
    page.check('input[name="show_results"]')
    page.uncheck('input[name="moderate_questions"]')
    page.uncheck('input[name="moderate_answers"]')
    page.fill('input[name="reaction_limit"]', "45")
    page.click('#settings-form button[type="submit"]')
    expect(page.locator("#save-status")).to_have_text("Saved.")
    expect(page.locator("#event-title")).to_have_text("Spring all-hands 2026")
    saved = live_organizer.call("GET", f"/api/v1/events/{eid}").body
    assert saved["title"] == "Spring all-hands 2026"
    assert saved["settings"] == {
        **saved["settings"],
        "language": "fi",
        "show_results": True,
        "moderation": False,
        "moderate_questions": False,
        "moderate_answers": False,
    }
    assert saved["settings"]["reaction_limit"] == 45
    page.fill('input[name="reaction_limit"]', "500")  # out of range: the browser says so, nothing is sent
    page.click('#settings-form button[type="submit"]')
    assert live_organizer.call("GET", f"/api/v1/events/{eid}").body["settings"]["reaction_limit"] == 45
    page.fill('input[name="reaction_limit"]', "45")

    phone = open_page("phone-finnish", **PHONE_SIZE, locale="en-US")
    phone.goto(f"/j/{code}")
    expect(phone.locator("html")).to_have_attribute("lang", "fi")
    expect(phone.get_by_text("Olet mukana!")).to_be_visible()

    expect(page.locator("#join-url")).to_have_value(event["join_url"])
    with page.expect_download() as download:
        page.click("#qr-png")
    assert download.value.suggested_filename == f"hetki-{code}-qr.png"
    old_link = page.locator("#presenter-url").input_value()
    assert old_link == event["presenter_url"]
    page.click("#rotate")
    expect(page.locator("#presenter-url")).not_to_have_value(old_link)
    expect(page.locator("#link-status")).to_have_text("New link made. The old one no longer works.")
    new_link = page.locator("#presenter-url").input_value()
    assert requests.get(old_link, timeout=10).status_code == 404
    assert requests.get(new_link, timeout=10).status_code == 200
    assert page.locator("#presenter-open").get_attribute("href") == new_link
    shot(page, "settings-laptop")

    # the events list: state, turnout, a copy, an import
    live_organizer.call("POST", f"/api/v1/polls/{saved['polls'][0]['id']}/open")
    exported = live_organizer.call("GET", f"/api/v1/events/{eid}/export?format=json").body
    export_file = tmp_path / "spring.json"
    export_file.write_text(json.dumps({**exported, "event": {**exported["event"], "title": "Autumn all-hands"}}))
    page.goto("/organizer")
    card = page.locator(f'article.event[data-event-id="{eid}"]')
    expect(card.locator('[data-role="state"]')).to_have_text("Live")
    expect(card.locator('[data-role="participants"]')).to_have_text("2 participants")  # the API join, the phone
    expect(card.locator('[data-role="polls"]')).to_have_text("2 polls")
    card.locator('[data-role="duplicate"]').click()
    copy = page.locator("article.event", has_text="Spring all-hands 2026 (copy)")
    expect(copy.locator('[data-role="state"]')).to_have_text("Draft")
    expect(copy.locator('[data-role="participants"]')).to_have_text("0 participants")
    expect(copy.locator('[data-role="open"]')).to_be_focused()
    page.set_input_files("#import-file", str(export_file))
    imported = page.locator("article.event", has_text="Autumn all-hands")
    expect(imported.locator('[data-role="polls"]')).to_have_text("2 polls")
    expect(page.locator("#announcer")).to_have_text("Imported “Autumn all-hands (copy)”.")
    events = {e["title"]: e for e in live_organizer.call("GET", "/api/v1/events").body["events"]}
    assert set(events) == {"Spring all-hands 2026", "Spring all-hands 2026 (copy)", "Autumn all-hands (copy)"}
    for title in ("Spring all-hands 2026 (copy)", "Autumn all-hands (copy)"):
        polls = live_organizer.call("GET", f"/api/v1/events/{events[title]['id']}/polls").body["polls"]
        assert [p["question"] for p in polls] == ["Best fruit?", "Would you recommend us?"]
        assert events[title]["settings"]["language"] == "fi"
    page.set_input_files("#import-file", {"name": "x.json", "mimeType": "application/json", "buffer": b"not json"})
    expect(page.locator("#error")).to_have_text("That file is not a Hetki JSON export.")
    imported.locator('[data-role="delete"]').click()
    expect(imported).to_have_count(0)
    assert "Autumn all-hands" not in {e["title"] for e in live_organizer.call("GET", "/api/v1/events").body["events"]}
    shot(page, "list-laptop")


def test_organizer_pages_on_a_laptop_and_a_phone(live_server, live_organizer, open_page, shot):
    """Screenshots (tests/artifacts/) of the events list, the editor and the settings at both sizes."""
    event = live_organizer.event("Spring all-hands: product, people and what comes next")
    eid = event["id"]
    live_organizer.event("Team offsite")
    polls = [
        {"type": "single", "question": "Which session did you like best?", "options": ["Keynote", "Demos", "Q&A"]},
        {
            "type": "multiple",
            "question": "Which topics next time?",
            "options": ["AI", "Hiring", "Roadmap", "Office"],
            "settings": {"max_choices": 2},
        },
        {
            "type": "quiz",
            "question": "Capital of Finland?",
            "options": ["Turku", "Helsinki", "Tampere"],
            "settings": {"correct": 1, "time_limit": 20},
        },
        {"type": "nps", "question": "How likely are you to recommend this event to a colleague?"},
        {"type": "wordcloud", "question": "One word for today?", "settings": {"max_entries": 3}},
    ]
    ids = [live_organizer.call("POST", f"/api/v1/events/{eid}/polls", json=p).body["id"] for p in polls]
    live_organizer.call("POST", f"/api/v1/polls/{ids[0]}/open")
    for size, options in (("laptop", LAPTOP), ("phone", {**PHONE_SIZE, "locale": "en-US"})):
        page = open_page(f"pages-{size}", **options)
        sign_in_page(page, live_organizer.email)
        expect(page.locator("article.event")).to_have_count(2)
        shot(page, f"list-{size}")
        page.goto(f"/events/{eid}")
        expect(page.locator("#polls > li")).to_have_count(5)
        shot(page, f"editor-{size}")
        page.locator("#polls > li").nth(2).locator('[data-action="edit"]').click()
        page.locator("#add-poll select").select_option("quiz")
        shot(page, f"editor-editing-{size}")
        page.goto(f"/events/{eid}/settings")
        shot(page, f"settings-{size}")
    page.goto(f"/events/{eid}?lang=fi")  # Finnish strings are longer: the phone layout must hold them
    expect(page.locator(".poll-type").first).to_have_text("Yksi vaihtoehto")
    shot(page, "editor-phone-fi")
    page.goto("/organizer")
    expect(page.locator('[data-role="participants"]').first).to_have_text("0 osallistujaa")
    shot(page, "list-phone-fi")
