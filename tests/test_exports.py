"""Downloads of an event's responses: CSV, XLSX and JSON, one row per response."""

import csv
import io
import json

from openpyxl import load_workbook


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
    assert [(r["poll_number"], r["answer"]) for r in rows] == [
        ("1", "Apple"),
        ("1", "Pear"),
        ("1", "Pear"),
        ("2", "A | C"),
    ]
    assert rows[0]["nickname"] == "P0" and json.loads(rows[3]["answer_ids"]) == ["o1", "o3"]

    data = json.loads(http.client.get(f"/api/v1/events/{event['id']}/export?format=json", headers=auth).data)
    assert data["event"]["code"] == event["code"]
    assert data["polls"][0]["results"]["counts"] == {"o1": 1, "o2": 2} and len(data["polls"][0]["responses"]) == 3

    reply = http.client.get(f"/api/v1/events/{event['id']}/export?format=xlsx", headers=auth)
    book = load_workbook(io.BytesIO(reply.data))
    responses = list(book["Responses"].values)
    assert responses[0][0] == "poll_number" and len(responses) == 5
    assert ("Fruit?", "Pear", 2) in [(r[1], r[4], r[5]) for r in book["Results"].values]

    bad = http.client.get(f"/api/v1/events/{event['id']}/export?format=pdf", headers=auth)
    assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "invalid_format"
    assert http.client.get(f"/api/v1/events/{event['id']}/export").status_code == 401
