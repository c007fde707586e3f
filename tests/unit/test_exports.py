"""Downloads of an event's responses: CSV, XLSX and JSON, one row per response."""

import csv
import io
import json
import zipfile

from openpyxl import load_workbook

from server.domain import new_id


def voted_event(organizer, http, app):
    event = organizer.event("Export me")
    single = organizer.poll(event["id"], question="Fruit?", options=["Apple", "Pear"])
    multiple = organizer.poll(event["id"], type="multiple", question="Which?", options=["A", "B", "C"], max_choices=2)
    organizer.open(single["id"])
    phones = []
    for i, value in enumerate(["o1", "o2", "o2"]):
        phone = app.test_client()
        phone.post(f"/api/v1/join/{event['code']}", json={"nickname": f"P{i}"} if i == 0 else {})
        phone.post(f"/api/v1/polls/{single['id']}/votes", json={"value": value, "client_vote_id": f"s{i}"})
        phones.append(phone)
    organizer.open(multiple["id"])
    phones[0].post(f"/api/v1/polls/{multiple['id']}/votes", json={"value": ["o1", "o3"], "client_vote_id": "m"})
    phones[1].post(f"/api/v1/polls/{multiple['id']}/votes", json={"value": ["=cmd"], "client_vote_id": "bad"})
    return event, single, multiple


def test_csv_json_xlsx_exports(organizer, http, app):
    event, _single, _multiple = voted_event(organizer, http, app)
    auth = {"Authorization": f"Bearer {organizer.token}"}
    reply = http.client.get(f"/api/v1/events/{event['id']}/export?format=csv", headers=auth)
    assert reply.status_code == 200 and reply.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(reply.data.decode("utf-8-sig"))))
    assert reply.data.startswith("\ufeff".encode())
    assert [(r["poll_number"], r["answer"]) for r in rows] == [
        ("1", "Apple"),
        ("1", "Pear"),
        ("1", "Pear"),
        ("2", "A | C"),
    ]
    assert rows[0]["nickname"] == "" and rows[3]["answer_ids"] == "o1|o3"  # a nickname only on a quiz's rows

    data = json.loads(http.client.get(f"/api/v1/events/{event['id']}/export?format=json", headers=auth).data)
    assert data["event"]["code"] == event["code"]
    assert data["polls"][0]["results"]["counts"] == {"o1": 1, "o2": 2} and len(data["polls"][0]["responses"]) == 3

    reply = http.client.get(f"/api/v1/events/{event['id']}/export?format=xlsx", headers=auth)
    book = load_workbook(io.BytesIO(reply.data))
    responses = list(book["Responses"].values)
    assert responses[0][0] == "poll_number" and len(responses) == 5
    assert book.sheetnames == ["Summary", "Fruit", "Which", "Responses"]  # by question, without ?
    summary = list(book["Summary"].values)
    assert summary[0][0] == "Export me"
    assert summary[2] == (1, "Fruit?", "single", 3, "top_option", "Pear")
    assert summary[3] == (2, "Which?", "multiple", 1, "top_option", "A")  # the "=cmd" vote was refused
    distribution = list(book["Fruit"].values)
    assert distribution[1:] == [("answer", "count", "share_%"), ("Apple", 1, 33.3), ("Pear", 2, 66.7)]

    bad = http.client.get(f"/api/v1/events/{event['id']}/export?format=pdf", headers=auth)
    assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "invalid_format"
    assert http.client.get(f"/api/v1/events/{event['id']}/export").status_code == 401


FORMULAS = {"nickname": "=1+2", "answer": "@SUM(A1)", "word": "+cmd", "question": "-2+3"}


def formula_event(organizer, app):
    """Attendee text shaped like spreadsheet formulas in a nickname (on the quiz's row), an open answer,
    a word and a question."""
    event = organizer.event("Formulas")
    open_poll = organizer.poll(event["id"], type="open", question=FORMULAS["question"], options=None)
    cloud = organizer.poll(event["id"], type="wordcloud", question="One word?", options=None)
    quiz = organizer.poll(event["id"], type="quiz", question="2 + 2?", options=["4", "5"], correct=0)
    phone = app.test_client()
    joined = phone.post(f"/api/v1/join/{event['code']}", json={"nickname": FORMULAS["nickname"]})
    assert joined.status_code == 201, joined.get_json()
    for poll, value in ((open_poll, FORMULAS["answer"]), (cloud, [FORMULAS["word"]]), (quiz, "o1")):
        organizer.open(poll["id"])
        voted = phone.post(f"/api/v1/polls/{poll['id']}/votes", json={"value": value, "client_vote_id": poll["id"]})
        assert voted.status_code == 200, voted.get_json()
    return event


def test_formula_text_is_inert_in_csv_and_xlsx(organizer, http, app):
    event = formula_event(organizer, app)
    auth = {"Authorization": f"Bearer {organizer.token}"}
    reply = http.client.get(f"/api/v1/events/{event['id']}/export?format=csv", headers=auth)
    rows = list(csv.DictReader(io.StringIO(reply.data.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row.values()]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], cells
    assert {"'=1+2", "'@SUM(A1)", "'+cmd", "'-2+3"} <= set(cells)
    assert rows[0]["poll_number"] == "1"  # numbers stay numbers

    reply = http.client.get(f"/api/v1/events/{event['id']}/export?format=xlsx", headers=auth)
    book = load_workbook(io.BytesIO(reply.data))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells}
    assert set(FORMULAS.values()) <= texts  # intact: a string cell is shown as written, never run
    assert 1 in texts and not any(isinstance(c.value, str) and c.value.startswith("'") for c in cells)


def test_reaction_texts_in_the_zip_manifest_are_inert(organizer, http):
    event = organizer.event("Reactions")
    organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/open")
    http.request("POST", f"/api/v1/join/{event['code']}")
    for text in ('=HYPERLINK("http://evil.example","click")', "-1", "@me", "\tindented"):
        form = {"consent": "false", "text": text}
        reply = http.request("POST", f"/api/v1/join/{event['code']}/reactions", data=form)
        assert reply.status == 201, reply.body
    auth = {"Authorization": f"Bearer {organizer.token}"}
    archive = zipfile.ZipFile(
        io.BytesIO(http.client.get(f"/api/v1/events/{event['id']}/reactions.zip", headers=auth).data)
    )
    rows = list(csv.DictReader(io.StringIO(archive.read("reactions.csv").decode("utf-8-sig"))))
    assert sorted(r["text"] for r in rows) == sorted(
        ['\'=HYPERLINK("http://evil.example","click")', "'-1", "'@me", "indented"]
    )


def test_ids_never_start_like_a_formula():
    """A participant id starting with "-" would be escaped in the CSV (`'-…`) but not in the XLSX or
    JSON, so the same person would read differently across one event's exports."""
    assert not [i for i in (new_id(12) for _ in range(3000)) if i.startswith("-")]
