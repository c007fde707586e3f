"""A Finnish event's word cloud counts inflected forms as one word (item 15 of issue 17):
"joustavaa" and "joustava" are one "joustava", in the event's language; English stays as typed."""

import time

from server.domain.poll_types import written


def cloud_with(app, organizer, language, answers):
    """A word cloud in an event of `language`, answered by one phone per entry list; its words."""
    event = organizer.event("Sanapilvi")
    if language:
        changed = organizer.call("PATCH", f"/api/v1/events/{event['id']}", json={"language": language})
        assert changed.status == 200, changed.body
    cloud = organizer.poll(event["id"], type="wordcloud", question="Yksi sana?", options=None)
    organizer.open(cloud["id"])
    for n, words in enumerate(answers):
        phone = app.test_client()
        assert phone.post(f"/api/v1/join/{event['code']}", json={}).status_code == 201
        voted = phone.post(f"/api/v1/polls/{cloud['id']}/votes", json={"value": words, "client_vote_id": f"v{n}"})
        assert voted.status_code == 200, voted.get_json()
    return organizer.results(cloud["id"])["words"]


FINNISH = [["joustavaa"]] * 6 + [["joustava"]] * 2 + [["tekoäly", "Joustavaa"]] * 3 + [["tekoälyä"]] * 2


def test_finnish_event_merges_inflected_forms(app, organizer):
    words = cloud_with(app, organizer, "fi", FINNISH)
    assert words == {"joustava": 11, "tekoäly": 5}


def test_one_phone_giving_two_forms_of_a_word_counts_once(app, organizer):
    words = cloud_with(app, organizer, "fi", [["kahvia", "kahvi", "hyvää tiimiä"]])
    assert words == {"kahvi": 1, "hyvä tiimi": 1}


def test_english_and_browser_language_events_count_words_as_typed(app, organizer):
    answers = [["data"], ["data"], ["media"], ["teams"], ["team"]]
    expected = {"data": 2, "media": 1, "teams": 1, "team": 1}
    assert cloud_with(app, organizer, "en", answers) == expected
    assert cloud_with(app, organizer, None, answers) == expected


def test_counting_a_word_costs_microseconds():
    counted_word = written.counted_word
    counted_word("joustavaa", "fi")  # the dictionary loads once, at the first Finnish word
    words = [f"{stem}{ending}" for stem in ("jousta", "tekoäly", "kahvi", "oppimi", "yhteistyö") for ending in "aä"]
    counted_word.cache_clear()
    start = time.perf_counter()
    for word in words:
        counted_word(word, "fi")
    new = (time.perf_counter() - start) / len(words) * 1e6
    start = time.perf_counter()
    for _ in range(100):
        for word in words:
            counted_word(word, "fi")
    seen = (time.perf_counter() - start) / (100 * len(words)) * 1e6
    print(f"counted_word: {new:.1f} µs a new word, {seen:.2f} µs a word seen before")
    assert counted_word.cache_info().maxsize  # bounded
