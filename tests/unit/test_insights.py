"""Themes of what people said, and the promoters' and detractors' themes apart: hand-written
answers, questions, reactions and transcripts whose themes are known. A real job worker makes them
(the web process only reads them): `Gathering.insights` asks, lets a worker take the queue, reads."""

import io

import pytest

from server.jobs.worker import Worker
from server.web import report
from tests.helpers.api import sign_in
from tests.helpers.clips import make_clip
from tests.helpers.jobs import work_through_queue


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    return make_clip(tmp_path_factory.mktemp("insight-clips") / "clip.webm", 2.0, "webm")


@pytest.fixture
def config(config):
    config.INSIGHTS_REFRESH_SECONDS = 0  # every request asks a worker for fresh ones
    config.THEMES_MODEL = False  # these tests are the keyword themes' (the model's: test_semantic_themes.py)
    return config


@pytest.fixture
def worker(hetki, config):
    return Worker(hetki.store, config, name="test-worker")


@pytest.fixture(autouse=True)
def gatherings_have_a_worker(worker):
    Gathering.worker = worker


class Gathering:
    """An event and its people, who vote, answer, ask and react through the API (questions through
    the Q&A service, as the audience socket does)."""

    def __init__(self, organizer, hetki, language="en"):
        self.organizer, self.hetki, self.http = organizer, hetki, organizer.http
        self.event = organizer.event("Feedback day")
        self.eid, self.code = self.event["id"], self.event["code"]
        assert organizer.call("PATCH", f"/api/v1/events/{self.eid}", json={"language": language}).status == 200
        assert organizer.call("POST", f"/api/v1/events/{self.eid}/reactions/open").status == 200
        self.people = {}  # name -> (participant id, token)

    def person(self, name):
        if name not in self.people:
            token = self.http.request("POST", f"/api/v1/join/{self.code}").body["participant_token"]
            self.people[name] = (self.hetki.participants.verify(token, self.eid), token)
        return self.people[name]

    def poll(self, kind, question, answers):
        """A poll of `kind` that each person in `answers` ({name: value}) answered; the poll and
        {name: client_vote_id}."""
        poll = self.organizer.poll(self.eid, type=kind, question=question, options=None)
        self.organizer.open(poll["id"])
        ids = {}
        for n, (name, value) in enumerate(answers.items()):
            ids[name] = f"{poll['id']}-{n}"
            reply = self.http.request(
                "POST",
                f"/api/v1/polls/{poll['id']}/votes",
                json={"value": value, "client_vote_id": ids[name]},
                headers={"X-Participant-Token": self.person(name)[1]},
            )
            assert reply.status == 200, reply.body
        self.organizer.call("POST", f"/api/v1/polls/{poll['id']}/close")
        return poll, ids

    def ask(self, name, text):
        return self.hetki.questions.ask(self.hetki.events.get(self.eid), self.person(name)[0], text)

    def react(self, name, text=None, video=None):
        form = {"consent": "true" if video else "false", **({"text": text} if text else {})}
        if video:
            form["video"] = (io.BytesIO(video.read_bytes()), "clip.webm", "video/webm")
        reply = self.http.request(
            "POST",
            f"/api/v1/join/{self.code}/reactions",
            data=form,
            content_type="multipart/form-data",
            headers={"X-Participant-Token": self.person(name)[1]},
        )
        assert reply.status == 201, reply.body
        return reply.body["id"]

    def transcribed(self, name, clip, transcript, state="done", language=None):
        """A video reaction whose transcript is written straight into its record, as the
        transcription worker leaves it."""
        rid = self.react(name, video=clip)
        fields = {"transcript": transcript, "transcript_state": state, "transcript_language": language or ""}
        self.hetki.store.reactions.update(self.eid, rid, fields)
        return rid

    def insights(self):
        """The insights once a worker has made them anew."""
        path = f"/api/v1/events/{self.eid}/insights"
        assert self.organizer.call("GET", path).body["computing"] is True
        assert work_through_queue(self.worker) >= 1  # the themes, after any video's MP4 copy
        reply = self.organizer.call("GET", path)
        assert reply.status == 200, reply.body
        return reply.body


def as_set(sources):
    return {tuple(sorted(source.items())) for source in sources}


def by_phrase(themes):
    return {theme["phrase"]: theme for theme in themes}


def test_recurring_english_phrases_are_themes_with_links_to_where_they_were_said(organizer, hetki):
    room = Gathering(organizer, hetki, "en")
    poll, ids = room.poll(
        "open",
        "What should we change?",
        {
            "ann": "More coffee breaks please",
            "ben": "Longer coffee breaks",
            "cat": "The coffee breaks were too short",
            "dan": "Sound was too quiet in the back",
            "eve": "Fix the sound!",
            "fay": "Great venue",
        },
    )
    question = room.ask("dan", "Can we have more coffee breaks tomorrow?")
    reaction = room.react("eve", "The sound in hall B was bad")

    insights = room.insights()
    assert insights["texts"] == 8 and insights["languages"] == {"en": 8}
    assert insights["sources"] == {"answer": 6, "question": 1, "reaction": 1, "transcript": 0}
    assert insights["polls"] == {poll["id"]: "What should we change?"}
    themes = by_phrase(insights["themes"])
    assert [t["phrase"] for t in insights["themes"][:2]] == ["coffee breaks", "sound"]
    breaks, sound = themes["coffee breaks"], themes["sound"]
    assert (breaks["count"], breaks["people"], breaks["lemma"], breaks["language"]) == (4, 4, "coffee break", "en")
    assert as_set(breaks["sources"]) == as_set(
        [
            *({"kind": "answer", "poll_id": poll["id"], "answer_id": ids[name]} for name in ("ann", "ben", "cat")),
            {"kind": "question", "question_id": question, "waiting": True},  # not approved yet: never printed
        ]
    )
    assert breaks["quotes"][0] == {
        "kind": "answer",
        "poll_id": poll["id"],
        "answer_id": ids["ben"],
        "text": "Longer coffee breaks",
    }  # the shortest first
    assert sound["count"] == 3
    assert {"kind": "reaction", "reaction_id": reaction, "reaction_kind": "text"} in sound["sources"]
    # the parts of "coffee breaks" said in exactly the same texts are absorbed; stopwords are no theme
    assert not {"coffee", "breaks", "more", "please", "the", "was"} & set(themes)


def test_inflected_finnish_forms_count_as_one_theme(organizer, hetki):
    room = Gathering(organizer, hetki, "fi")
    room.poll(
        "open",
        "Mitä parantaisit?",
        {
            "aino": "Kahvi loppui kesken",
            "eero": "Lisää kahvia!",
            "kaisa": "Kahvin laatu oli heikko",
            "lauri": "Äänentoisto oli huono",
            "mari": "Äänentoistossa oli ongelmia",
            "niko": "Hyvät puhujat",
        },
    )
    room.ask("niko", "Missä kahvit tarjoillaan?")

    insights = room.insights()
    assert insights["languages"] == {"fi": 7}
    themes = by_phrase(insights["themes"])
    coffee = themes["kahvi"]  # kahvi, kahvia, kahvin, kahvit: one theme, named by its dictionary form
    assert (coffee["lemma"], coffee["language"], coffee["count"]) == ("kahvi", "fi", 4)
    assert {q["text"] for q in coffee["quotes"]} <= {
        "Kahvi loppui kesken",
        "Lisää kahvia!",
        "Kahvin laatu oli heikko",
        "Missä kahvit tarjoillaan?",
    }
    assert themes["äänentoisto"]["count"] == 2  # äänentoisto, äänentoistossa
    assert insights["themes"][0]["phrase"] == "kahvi"
    assert not {"oli", "lisää", "hyvät"} & set(themes)


def test_the_browsers_language_is_detected_text_by_text(organizer, hetki):
    room = Gathering(organizer, hetki, "browser")
    room.poll(
        "open",
        "What should we change? / Mitä parantaisit?",
        {
            "ann": "More coffee breaks please",
            "ben": "Longer coffee breaks",
            "aino": "Kahvi loppui kesken",
            "eero": "Lisää kahvia, kiitos",
            "kaisa": "Kahvin laatu oli heikko",
        },
    )
    insights = room.insights()
    assert insights["languages"] == {"en": 2, "fi": 3}
    themes = by_phrase(insights["themes"])
    assert themes["kahvi"]["count"] == 3 and themes["kahvi"]["language"] == "fi"
    assert themes["coffee breaks"]["count"] == 2 and themes["coffee breaks"]["language"] == "en"


def test_promoters_and_detractors_are_heard_apart(organizer, hetki, clip):
    room = Gathering(organizer, hetki, "en")
    nps, _ = room.poll(
        "nps",
        "Would you recommend this day?",
        {"ann": 10, "ben": 9, "cat": 9, "dan": 8, "eve": 2, "fay": 5, "gus": 6, "hal": 0},
    )
    room.poll(
        "open",
        "What stayed with you?",
        {
            "ann": "The live demos were inspiring",
            "ben": "Inspiring live demos",
            "cat": "Loved the live demos",
            "dan": "Fine overall",
            "eve": "The room was too cold",
            "fay": "Cold room and long queues",
        },
    )
    asked = room.ask("gus", "Why was the room so cold?")
    spoken = room.transcribed("eve", clip, "Honestly the room was freezing cold all day")
    room.transcribed("fay", clip, "the live demos were great", state="transcribing")  # not done: not counted
    room.react("ann", "Live demos made my day")

    insights = room.insights()
    assert insights["score_poll"] == {"poll_id": nps["id"], "type": "nps", "question": "Would you recommend this day?"}
    groups = insights["by_nps_group"]
    assert set(groups) == {"promoters", "passives", "detractors"}
    promoters, passives, detractors = groups["promoters"], groups["passives"], groups["detractors"]
    assert (promoters["people"], promoters["texts"], promoters["range"]) == (3, 4, [9, 10])
    assert (passives["people"], passives["texts"]) == (1, 1)
    assert (detractors["people"], detractors["texts"], detractors["range"]) == (4, 4, [0, 6])

    said_by_promoters = by_phrase(promoters["themes"])
    assert promoters["themes"][0]["phrase"] == "live demos"
    assert said_by_promoters["live demos"]["count"] == 4 and said_by_promoters["live demos"]["people"] == 3
    said_by_detractors = by_phrase(detractors["themes"])
    assert said_by_detractors["room"]["count"] == 4 and said_by_detractors["cold"]["count"] == 4
    assert said_by_detractors["room"]["people"] == 3  # eve wrote and said it
    sources = said_by_detractors["cold"]["sources"]
    assert {"kind": "question", "question_id": asked, "waiting": True} in sources
    assert {"kind": "transcript", "reaction_id": spoken, "reaction_kind": "video"} in sources
    assert not {"room", "cold"} & set(said_by_promoters)
    assert not {"live demos", "demos", "live"} & set(said_by_detractors)
    assert "live demos" in by_phrase(insights["themes"])  # and the whole event's themes have both


def test_without_nps_a_csat_poll_splits_and_hidden_texts_are_left_out(organizer, hetki):
    room = Gathering(organizer, hetki, "en")
    room.poll("csat", "How satisfied are you?", {"ann": 5, "ben": 4, "cat": 3, "dan": 1, "eve": 2})
    poll, ids = room.poll(
        "open",
        "Anything else?",
        {
            "ann": "Friendly staff",
            "ben": "The staff were friendly",
            "dan": "Bad wifi",
            "eve": "Wifi kept dropping",
            "cat": "Wifi spam spam spam",
        },
    )
    hetki.results.moderate_answer(room.eid, poll["id"], ids["cat"], "hidden")
    rejected = room.react("cat", "spam spam spam")
    hetki.reactions.moderate(room.eid, rejected, "rejected")

    insights = room.insights()
    assert insights["score_poll"]["type"] == "csat"
    groups = insights["by_nps_group"]
    assert [groups[g]["range"] for g in ("promoters", "passives", "detractors")] == [[4, 5], [3, 3], [1, 2]]
    assert by_phrase(groups["promoters"]["themes"])["staff"]["count"] == 2
    assert by_phrase(groups["detractors"]["themes"])["wifi"]["count"] == 2
    assert groups["passives"] == {"range": [3, 3], "people": 1, "texts": 0, "themes": []}
    assert "spam" not in by_phrase(insights["themes"]) and insights["texts"] == 4


def test_an_event_with_nothing_said_has_no_themes(organizer, hetki):
    room = Gathering(organizer, hetki, "en")
    insights = room.insights()
    assert (insights["texts"], insights["themes"], insights["by_nps_group"], insights["score_poll"]) == (
        0,
        [],
        None,
        None,
    )
    room.poll("nps", "Would you recommend us?", {"ann": 10, "ben": 3})
    groups = room.insights()["by_nps_group"]
    assert groups["promoters"] == {"range": [9, 10], "people": 1, "texts": 0, "themes": []}
    assert groups["detractors"]["people"] == 1 and groups["detractors"]["themes"] == []


def test_insights_are_the_organizers_own(organizer, http, hetki):
    event = organizer.event()
    path = f"/api/v1/events/{event['id']}/insights"
    reply = http.request("GET", path)
    assert reply.status == 401 and reply.body["error"]["code"] == "unauthorized"
    other = sign_in(http, hetki, "bob@example.org")
    reply = other.call("GET", path)
    assert reply.status == 404 and reply.body["error"]["code"] == "event_not_found"
    reply = organizer.call("GET", "/api/v1/events/nope/insights")
    assert reply.status == 404 and reply.body["error"]["code"] == "event_not_found"


def test_the_results_page_and_report_carry_the_themes(organizer, hetki, app):
    room = Gathering(organizer, hetki, "en")
    room.poll("open", "What should we change?", {"ann": "More coffee breaks", "ben": "Longer coffee breaks"})
    room.insights()  # made by the worker: the page reads them
    with app.test_request_context():
        data = report.page_data(hetki.events.get(room.eid))
    assert data["insights"]["themes"][0]["phrase"] == "coffee breaks"


def test_the_request_does_no_theme_work_a_worker_makes_them_once(organizer, hetki, worker):
    """Issue 15, item 5: 20,000 texts made the insights request run 270 s on the web process (a
    sign-in waited 257 s). Now the request reads what a worker made and queues one job at a time."""
    room = Gathering(organizer, hetki, "en")
    room.poll("open", "What should we change?", {"ann": "More coffee breaks", "ben": "Longer coffee breaks"})
    path = f"/api/v1/events/{room.eid}/insights"
    first, again = (organizer.call("GET", path).body for _ in range(2))
    for reply in (first, again):  # nothing made on the request: no themes until a worker ran
        assert (reply["computing"], reply["made_at"], reply["texts"], reply["themes"]) == (True, None, 0, [])
    assert hetki.store.jobs.depth() == 1  # asked twice, queued once
    assert work_through_queue(worker) == 1
    made = organizer.call("GET", path).body
    assert made["themes"][0]["phrase"] == "coffee breaks" and made["made_at"] and made["texts"] == 2
    assert made["computing"] is True  # INSIGHTS_REFRESH_SECONDS=0 here: each request asks again
    work_through_queue(worker)
    assert organizer.call("GET", path).body["themes"] == made["themes"]


def test_fresh_insights_are_not_asked_for_again(organizer, hetki, worker, config):
    hetki.insights.refresh_ms = 60_000  # INSIGHTS_REFRESH_SECONDS=60 (this module's app has 0)
    room = Gathering(organizer, hetki, "en")
    path = f"/api/v1/events/{room.eid}/insights"
    organizer.call("GET", path)
    work_through_queue(worker)
    for _ in range(3):
        assert organizer.call("GET", path).body["computing"] is False
    assert hetki.store.jobs.depth() == 0


def test_insights_of_an_erased_event_are_not_written_back(organizer, hetki, worker, redis_client):
    room = Gathering(organizer, hetki, "en")
    room.poll("open", "What should we change?", {"ann": "More coffee breaks", "ben": "Longer coffee breaks"})
    assert organizer.call("GET", f"/api/v1/events/{room.eid}/insights").body["computing"] is True
    assert organizer.call("DELETE", f"/api/v1/events/{room.eid}").status == 204
    work_through_queue(worker)
    assert redis_client.keys(f"hetki:{{{room.eid}}}:*") == []
