"""Take-home files a client can open: Q&A and moderation in CSV and XLSX, sheets named by question,
the CSV dialect of the event's language, and the quiz nickname only where the quiz asked for it."""

import csv
import io
import json
import time

from openpyxl import load_workbook

FORBIDDEN = set("[]:*?/\\")


def phone(app, event, nickname=None):
    client = app.test_client()
    joined = client.post(f"/api/v1/join/{event['code']}", json={"nickname": nickname} if nickname else {})
    assert joined.status_code == 201, joined.get_json()
    return client, app.extensions["hetki"].participants.verify(joined.get_json()["participant_token"], event["id"])


def vote(client, poll, value, tag):
    reply = client.post(f"/api/v1/polls/{poll['id']}/votes", json={"value": value, "client_vote_id": tag})
    assert reply.status_code == 200, reply.get_json()
    time.sleep(0.002)  # answers of one millisecond have no order


def export(organizer, http, event, query, **headers):
    reply = http.client.get(
        f"/api/v1/events/{event['id']}/export?{query}",
        headers={"Authorization": f"Bearer {organizer.token}", **headers},
    )
    assert reply.status_code == 200, reply.get_json()
    return reply


def csv_rows(reply, delimiter=","):
    return list(csv.DictReader(io.StringIO(reply.data.decode("utf-8-sig")), delimiter=delimiter))


def moderated_event(organizer, app, hetki):
    """Moderation on (the default): an open poll's answers approved, hidden and left pending; a
    ranking; three audience questions likewise approved, hidden and pending."""
    event = organizer.event("Client day")
    wall = organizer.poll(event["id"], type="open", question="What should we change?", options=None)
    ranking = organizer.poll(event["id"], type="ranking", question="Rank the fruits", options=("Apple", "Pear", "Plum"))
    phones = [phone(app, event) for _ in range(3)]
    organizer.open(wall["id"])
    for n, (client, _) in enumerate(phones):
        vote(client, wall, ["More coffee", "Something rude", "Longer breaks"][n], f"w{n}")
    organizer.open(ranking["id"])
    for n, (client, _) in enumerate(phones):
        vote(client, ranking, [["o2", "o1", "o3"], ["o2", "o3", "o1"], ["o1", "o2", "o3"]][n], f"r{n}")
    eid = event["id"]
    answers = {item["text"]: item["id"] for item in hetki.presenter_results(hetki.polls.get(eid, wall["id"]))["items"]}
    for text, action in (("More coffee", "approve"), ("Something rude", "hide")):
        hetki.moderate(eid, {"action": action, "question_id": None, "poll_id": wall["id"], "answer_id": answers[text]})
    stored = hetki.events.get(eid)
    asked = [
        hetki.questions.ask(stored, participant, text, name)
        for (_, participant), text, name in zip(
            phones, ("When is the next meetup?", "A rude question", "Slides?"), ("Ada", None, "Cai"), strict=True
        )
    ]
    for qid, action in zip(asked, ("approve", "hide"), strict=False):
        hetki.moderate(eid, {"action": action, "question_id": qid, "poll_id": None, "answer_id": None})
    return event


def test_csv_has_the_qa_and_the_moderation_state(organizer, http, app, hetki):
    event = moderated_event(organizer, app, hetki)
    rows = csv_rows(export(organizer, http, event, "format=csv&dialect=en"))
    wall = {r["answer"]: r["state"] for r in rows if r["poll_type"] == "open"}
    assert wall == {"More coffee": "approved", "Something rude": "hidden", "Longer breaks": "pending"}
    questions = [(r["question"], r["nickname"], r["state"], r["upvotes"]) for r in rows if r["poll_type"] == "qa"]
    assert sorted(questions) == [
        ("A rude question", "", "hidden", "0"),
        ("Slides?", "Cai", "pending", "0"),
        ("When is the next meetup?", "Ada", "approved", "0"),
    ]
    assert all(r["participant"] == "" and r["answered_at"] for r in rows if r["poll_type"] == "qa")
    ranked = [r["answer_ids"] for r in rows if r["poll_type"] == "ranking"]
    assert ranked == ["o2|o1|o3", "o2|o3|o1", "o1|o2|o3"]  # plain ids, never `"""o1"""`


def test_xlsx_sheets_are_named_sized_frozen_and_hold_answers_points_and_qa(organizer, http, app, hetki):
    event = moderated_event(organizer, app, hetki)
    book = load_workbook(io.BytesIO(export(organizer, http, event, "format=xlsx").data))
    assert book.sheetnames == ["Summary", "What should we change", "Rank the fruits", "Q&A", "Responses"]
    wall = book["What should we change"]
    assert [row for row in wall.values][1:] == [
        ("answer", "state", "answered_at"),
        *[(text, state, wall.cell(row, 3).value) for row, (text, state) in enumerate(WALL, start=3)],
    ]
    hidden = next(row for row in wall.iter_rows(min_row=3) if row[1].value == "hidden")
    assert hidden[0].font.i and hidden[0].font.color.rgb.endswith("808080")  # greyed, not like the others
    # Borda points: Pear 2+2+1 = 5, Apple 1+0+2 = 3, Plum 0+1+0 = 1; first places Pear 2, Apple 1
    assert list(book["Rank the fruits"].values)[1:] == [
        ("answer", "first_place", "first_place_%", "borda_points"),
        ("Pear", 2, 66.7, 5),
        ("Apple", 1, 33.3, 3),
        ("Plum", 0, 0, 1),
    ]
    header, *qa = book["Q&A"].values
    assert header[:4] == ("question", "nickname", "upvotes", "state")
    qa.sort()
    assert [(q[0], q[1], q[3]) for q in qa] == [
        ("A rude question", None, "hidden"),
        ("Slides?", "Cai", "pending"),
        ("When is the next meetup?", "Ada", "approved"),
    ]
    for sheet, frozen in (("Summary", "A3"), ("What should we change", "A3"), ("Q&A", "A2"), ("Responses", "A2")):
        assert book[sheet].freeze_panes == frozen, sheet
        header = book[sheet][int(frozen[1:]) - 1]
        assert all(cell.font.b for cell in header if cell.value), sheet
    assert book["What should we change"].column_dimensions["A"].width >= 40
    assert book["Responses"].column_dimensions["D"].width >= 40  # the question
    assert book["Summary"].column_dimensions["B"].width >= len("What should we change?")


WALL = [("More coffee", "approved"), ("Something rude", "hidden"), ("Longer breaks", "pending")]


def test_sheet_names_keep_excels_rules(organizer, http, app):
    event = organizer.event("Names")
    long = "What do you think about [this]: a/b*c? Or \\that\\, in more than 31 characters?"
    for question in (long, long, "'Quoted'", "Summary", "?*:"):
        organizer.poll(event["id"], question=question)
    names = load_workbook(io.BytesIO(export(organizer, http, event, "format=xlsx").data)).sheetnames
    assert len(names) == len({n.casefold() for n in names}) == 7
    assert all(len(n) <= 31 and not FORBIDDEN & set(n) and n[0] != "'" and n[-1] != "'" for n in names), names
    assert names[1:6] == [
        "What do you think about this a",
        "What do you think about thi (2)",
        "Quoted",
        "Summary (2)",
        "Poll 5",
    ]


def test_csv_follows_the_events_language_or_the_asked_dialect(organizer, http, app):
    event = organizer.event("Murre")
    multiple = organizer.poll(event["id"], type="multiple", question="Mitkä?", options=("A", "B", "C"), max_choices=2)
    organizer.open(multiple["id"])
    vote(phone(app, event)[0], multiple, ["o1", "o3"], "m")

    english = export(organizer, http, event, "format=csv", **{"Accept-Language": "en"}).data.decode("utf-8-sig")
    assert english.splitlines()[0].startswith("poll_number,poll_id,")
    assert (
        csv_rows(export(organizer, http, event, "format=csv", **{"Accept-Language": "fi"}), ";")[0]["answer"] == "A | C"
    )

    organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"language": "fi"})
    finnish = export(organizer, http, event, "format=csv", **{"Accept-Language": "en"})
    [row] = csv_rows(finnish, ";")
    assert row["answer"] == "A | C" and row["answer_ids"] == "o1|o3"
    assert '"""' not in finnish.data.decode("utf-8-sig")
    assert csv_rows(export(organizer, http, event, "format=csv&dialect=en"))[0]["answer_ids"] == "o1|o3"

    bad = http.client.get(
        f"/api/v1/events/{event['id']}/export?format=csv&dialect=de",
        headers={"Authorization": f"Bearer {organizer.token}"},
    )
    assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "invalid_dialect"


def test_the_quiz_nickname_stays_on_the_quiz_rows(organizer, http, app):
    event = organizer.event("Quiz and more")
    quiz = organizer.poll(event["id"], type="quiz", question="2 + 2?", options=("3", "4"), correct=1)
    nps = organizer.poll(event["id"], type="nps", question="Recommend us?", options=None)
    wall = organizer.poll(event["id"], type="open", question="Anything else?", options=None)
    client, _ = phone(app, event, nickname="Ada")
    for poll, value in ((quiz, "o2"), (nps, 9), (wall, "Nice day")):
        organizer.open(poll["id"])
        vote(client, poll, value, poll["id"])

    rows = csv_rows(export(organizer, http, event, "format=csv&dialect=en"))
    assert [(r["poll_type"], r["nickname"]) for r in rows] == [("quiz", "Ada"), ("nps", ""), ("open", "")]
    assert int(rows[0]["points"]) > 0
    data = json.loads(export(organizer, http, event, "format=json").data)
    assert [[r.get("nickname") for r in p["responses"]] for p in data["polls"]] == [["Ada"], [None], [None]]
    book = load_workbook(io.BytesIO(export(organizer, http, event, "format=xlsx").data))
    nicknames = [row[5] for row in list(book["Responses"].values)[1:]]
    assert nicknames == ["Ada", None, None]
