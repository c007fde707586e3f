"""Transcripts and captions: sentences spoken by espeak-ng, muxed into a WebM with PyAV, uploaded by a
phone and transcribed by the worker that the real server started, with the packaged Whisper base."""

import csv
import io
import re
import zipfile

import pytest
import requests

from tests.helpers.api import LiveHttp, sign_in
from tests.helpers.clips import make_clip, make_speech_clip, speak
from tests.helpers.processes import wait_until
from tests.helpers.servers import LiveServer

ENGLISH = "Thank you for the keynote. The speaker explained renewable energy clearly, and the questions were excellent."
ENGLISH_KEYS = ["keynote", "speaker", "renewable", "energy", "questions", "excellent"]
# Whisper base hears espeak-ng's Finnish poorly: these words it does hear (see the README)
FINNISH = "Hyvää huomenta. Kiitos paljon. Puhuja puhui selkeästi."
FINNISH_KEYS = ["huomenta", "kiitos", "paljon", "selkeästi"]


def words(text):
    return re.findall(r"\w+", text.lower())


def word_error_rate(reference, heard):
    """Word-level edit distance over the reference's length (WER)."""
    ref, hyp = words(reference), words(heard)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, start=1):
        previous, row[0] = row[0], i
        for j, h in enumerate(hyp, start=1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (r != h))
    return row[-1] / len(ref)


@pytest.fixture(scope="module")
def server(redis_url, tmp_path_factory):
    """The real server with its default worker (one), transcribing with the packaged model."""
    live = LiveServer({"REDIS_URL": redis_url, "JOB_RETRY_SECONDS": "10"}, tmp_path_factory.mktemp("asr")).start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    folder = tmp_path_factory.mktemp("speech")
    return {
        "en": make_speech_clip(folder / "en.webm", speak(ENGLISH, folder / "en.wav", "en", 150)),
        "fi": make_speech_clip(folder / "fi.webm", speak(FINNISH, folder / "fi.wav", "fi", 130)),
        "tone": make_clip(folder / "tone.webm", 3.0, "webm"),
    }


@pytest.fixture
def organizer(server, hetki, redis_client):
    return sign_in(server.http(), hetki, "ada@example.org")


def event_with_reactions(organizer, language):
    event = organizer.event(f"Talk in {language}")
    assert organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"language": language}).status == 200
    assert organizer.call("POST", f"/api/v1/events/{event['id']}/reactions/open").status == 200
    return event


def phone_uploads(server, event, clip):
    phone = LiveHttp(server.url)
    assert phone.request("POST", f"/api/v1/join/{event['code']}").status == 201
    files = {"video": ("clip.webm", clip.read_bytes(), "video/webm")}
    reply = phone.request("POST", f"/api/v1/join/{event['code']}/reactions", data={"consent": "true"}, files=files)
    assert reply.status == 201, reply.body
    return phone, reply.body


def reaction_when(organizer, event, rid, states=("done", "failed"), timeout=90):
    """The reaction as listed, once its transcript_state is one of `states`."""
    found = {}

    def settled():
        listed = organizer.call("GET", f"/api/v1/events/{event['id']}/reactions").body
        found.update(next(r for r in listed["reactions"] if r["id"] == rid), queue=listed["queue"])
        return found["transcript_state"] in states

    assert wait_until(settled, timeout=timeout, interval=0.2), found
    return found


def captions(server, organizer, event, rid):
    url = f"{server.url}/api/v1/events/{event['id']}/reactions/{rid}/captions.vtt"
    return requests.get(url, headers={"Authorization": f"Bearer {organizer.token}"}, timeout=10)


@pytest.mark.slow
@pytest.mark.parametrize(
    "language, text, keys, most_wrong",
    # Whisper base on espeak's synthetic Finnish is too close to the edge to assert on (heard
    # "Hymä, huomenta, ketostaljon…" on one fresh clone): for Finnish only what is deterministic.
    [("en", ENGLISH, ENGLISH_KEYS, 0.15), ("fi", FINNISH, FINNISH_KEYS, None)],
)
def test_spoken_words_reach_the_transcript_and_the_captions(server, organizer, clips, language, text, keys, most_wrong):
    event = event_with_reactions(organizer, language)
    _, reaction = phone_uploads(server, event, clips[language])
    assert reaction["transcript_state"] == "queued" and reaction["transcript"] is None
    done = reaction_when(organizer, event, reaction["id"])
    assert done["transcript_state"] == "done", done
    assert done["transcript_language"] == language and done["captions_url"].endswith("/captions.vtt")
    heard = done["transcript"]
    wer = word_error_rate(text, heard)
    print(f"\n{language}: WER {wer:.2f}\n  said:  {text}\n  heard: {heard}")
    found = [key for key in keys if key in words(heard)]
    assert heard.strip(), done
    if most_wrong is not None:
        assert found == keys, (found, heard)
        assert wer <= most_wrong, heard

    vtt = captions(server, organizer, event, reaction["id"])
    assert vtt.status_code == 200 and vtt.headers["Content-Type"].startswith("text/vtt")
    assert vtt.text.startswith("WEBVTT\n\n1\n00:00:0")
    assert re.search(r"^\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}$", vtt.text, re.M)
    assert [key for key in found if key in words(vtt.text)] == found

    archive = requests.get(
        f"{server.url}/api/v1/events/{event['id']}/reactions.zip",
        headers={"Authorization": f"Bearer {organizer.token}"},
        timeout=30,
    )
    with zipfile.ZipFile(io.BytesIO(archive.content)) as zipped:
        manifest = list(csv.DictReader(io.StringIO(zipped.read("reactions.csv").decode("utf-8-sig"))))
    assert manifest[0]["transcript"] == heard and manifest[0]["transcript_language"] == language
    export = organizer.call("GET", f"/api/v1/events/{event['id']}/export?format=json").body
    assert export["reactions"][0]["transcript"] == heard
    assert export["reactions"][0]["transcript_segments"][0]["text"]


def test_a_clip_without_speech_is_done_with_no_words_and_no_captions(server, organizer, clips):
    event = event_with_reactions(organizer, "browser")
    _, reaction = phone_uploads(server, event, clips["tone"])
    done = reaction_when(organizer, event, reaction["id"])
    assert done["transcript_state"] == "done" and done["transcript"] == "", done
    assert "captions_url" not in done and done["queue"] == {"depth": 0}
    reply = captions(server, organizer, event, reaction["id"])
    assert reply.status_code == 404 and reply.json()["error"]["code"] == "captions_not_found"


def test_transcripts_go_with_the_attendees_delete_and_with_erasure(server, organizer, clips, redis_client):
    event = event_with_reactions(organizer, "en")
    phone, mine = phone_uploads(server, event, clips["en"])
    _, other = phone_uploads(server, event, clips["en"])
    for rid in (mine["id"], other["id"]):
        assert reaction_when(organizer, event, rid)["transcript"]
    assert phone.request("DELETE", f"/api/v1/join/{event['code']}/reactions/{mine['id']}").status == 204
    assert captions(server, organizer, event, mine["id"]).status_code == 404
    assert not redis_client.keys(f"*{mine['id']}*")
    assert redis_client.hget(f"hetki:{{{event['id']}}}:reaction:{other['id']}", "transcript")
    assert organizer.call("DELETE", f"/api/v1/events/{event['id']}").status in (200, 204)
    assert not redis_client.keys(f"hetki:{{{event['id']}}}:*")
    assert not [k for k in redis_client.keys("*") if other["id"].encode() in k]


def test_with_transcribe_off_a_video_is_off_and_no_job_is_queued(redis_url, redis_client, hetki, tmp_path, clips):
    off = LiveServer({"REDIS_URL": redis_url, "TRANSCRIBE": "0", "WORKERS": "0"}, tmp_path).start()
    try:
        organizer = sign_in(off.http(), hetki, "ada@example.org")
        event = event_with_reactions(organizer, "en")
        _, reaction = phone_uploads(off, event, clips["en"])
        assert reaction["transcript_state"] == "off" and reaction["transcript"] is None
        listed = organizer.call("GET", f"/api/v1/events/{event['id']}/reactions").body
        assert listed["reactions"][0]["transcript_state"] == "off" and listed["queue"] == {"depth": 0}
        kinds = [fields[b"kind"] for _, fields in redis_client.xrange("hetki:jobs")]
        assert b"transcribe" not in kinds  # (its MP4 copy is still made)
        assert captions(off, organizer, event, reaction["id"]).status_code == 404
    finally:
        off.stop()
