"""Themes across languages: texts grouped by meaning with a multilingual sentence-embedding model,
so that "kylmä sali" and "the room was freezing" are one theme counted once.

The vectors come through an `embed` port (the job worker hands in server/media/embeddings.py's),
one unit vector per text. Each language's mean vector is taken away from that language's texts:
what is left is what a text says rather than which language it says it in, and Finnish and English
texts about the same thing end up next to each other. Average-linkage clustering on the cosine
distance of those vectors, cut at a fixed distance, gives the groups; on
tests/fixtures/themes_eval.json every cut from 0.84 to 0.92 scores ARI 0.77–0.84 and purity
0.97–1.00, and 0.86 to 0.89 give the same groups (ARI 0.80, purity 1.00).

A theme's label is made of key phrases of its members in the event's language (lemmatized by
themes.phrases; for a "browser" event the language most texts are in): the phrases said by most of
its members and rarely elsewhere, never one holding a function word of either language. A compound
counts toward a word it starts or ends with ("kahvijono" toward "kahvi").
"""

import math
import re
from collections import Counter
from functools import lru_cache

import numpy as np

from .themes import LANGUAGES, QUOTES, detect_language, phrases, quote, stopwords

CUT = 0.875  # cosine distance at which two groups stop merging (see the module's docstring)
MAX_CLUSTERED = 1500  # texts clustered; the rest join the nearest group (bounded memory and CPU)
MIN_CENTRED = 5  # a language with fewer texts is centred by the mean of all
LABEL_PHRASES = 2
MIN_COMPOUND_PART = 4
POSSESSIVE = re.compile(r"['’]s\b")
LABEL_WORDS = re.compile(
    r"[^\W\d_]+(?:-[^\W\d_]+)*(?: [^\W\d_]+(?:-[^\W\d_]+)*)*"
)  # no "'s", no "."  # letters of the shortest word a compound counts toward


# Words too general to name what a group is about, which the stopword lists leave in.
GENERAL = frozenset(
    [
        "make",
        "get",
        "give",
        "take",
        "go",
        "come",
        "good",
        "great",
        "nice",
        "bad",
        "lot",
        "thing",
        "really",
        "well",
        "also",
        "day",
        "people",
        "part",
        "ihminen",
        "osa",
        "hyvä",
        "huono",
        "kiva",
        "olla",
        "saada",
        "tulla",
        "mennä",
        "tehdä",
        "antaa",
        "ottaa",
        "paljon",
        "asia",
        "todella",
        "ihan",
        "aivan",
        "päivä",
    ]
)


def _function_words():
    return GENERAL.union(*(stopwords(lang) for lang in LANGUAGES))


def centred(vectors, languages):
    """The vectors less their language's mean, unit length again."""
    x = np.asarray(vectors, dtype=np.float64).reshape(len(languages), -1)
    overall = x.mean(axis=0)
    out = x.copy()
    for lang in set(languages):
        rows = np.array([language == lang for language in languages])
        out[rows] -= x[rows].mean(axis=0) if rows.sum() >= MIN_CENTRED else overall
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms > 0, norms, 1.0)


def average_linkage(x, cut):
    """Groups (lists of row indexes) of unit vectors `x`: the two closest groups by mean cosine
    distance merge until the closest are farther apart than `cut`. Keeps each row's nearest group,
    so a merge costs O(n) plus a full row for the rows whose nearest it was."""
    n = len(x)
    if n < 2:
        return [[i] for i in range(n)]
    d = 1.0 - x @ x.T
    np.fill_diagonal(d, np.inf)
    size = np.ones(n)
    members = {i: [i] for i in range(n)}
    nearest, closest = d.argmin(axis=1), d.min(axis=1)
    while len(members) > 1:
        i = int(closest.argmin())
        j = int(nearest[i])
        if closest[i] > cut:
            break
        d[i] = (size[i] * d[i] + size[j] * d[j]) / (size[i] + size[j])
        d[:, i] = d[i]
        d[i, i] = np.inf
        d[j, :] = np.inf
        d[:, j] = np.inf
        closest[j] = np.inf
        size[i] += size[j]
        members[i] += members.pop(j)
        for k in members:
            if k == i or nearest[k] in (i, j):
                nearest[k], closest[k] = int(d[k].argmin()), d[k].min()
            elif d[k, i] < closest[k]:
                nearest[k], closest[k] = i, d[k, i]
    return list(members.values())


def groups(x, cut=CUT, limit=MAX_CLUSTERED):
    """Groups of rows of `x`: the first `limit` rows (spread evenly) clustered, the others put in the
    group whose centre is nearest when within `cut`, else alone."""
    n = len(x)
    sample = sorted({int(i) for i in np.linspace(0, n - 1, limit)}) if n > limit else list(range(n))
    found = [[sample[i] for i in group] for group in average_linkage(x[sample], cut)]
    rest = sorted(set(range(n)) - set(sample))
    if rest:
        centres = np.stack([x[group].mean(axis=0) for group in found])
        centres /= np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-12)
        distance = 1.0 - x[rest] @ centres.T
        for at, (row, best) in enumerate(zip(rest, distance.argmin(axis=1), strict=True)):
            if distance[at, best] <= cut:
                found[best].append(row)
            else:
                found.append([row])
    return found


def _candidates(text, lang, function_words):
    """{lemma phrase: surface} of a text with no function word of any language in them, and for
    each compound the shorter words it starts or ends with."""
    found: dict[str, str] = {}
    for key, surface in phrases(text, lang)[0].items():
        key = POSSESSIVE.sub("", key)  # "virtanen's" is Virtanen
        if LABEL_WORDS.fullmatch(key) and not function_words & set(key.split(" ")):
            found.setdefault(key, surface)
    singles = [k for k in found if " " not in k]
    for word in singles:
        for part in singles:
            if part != word and len(part) >= MIN_COMPOUND_PART and word.startswith(part) | word.endswith(part):
                found.setdefault(part, part)
    return found


def _labels(clusters, texts, detected, lang):
    """A label per cluster: its most telling key phrases in `lang` (or any language it has)."""
    function_words = _function_words()
    found = [_candidates(t.text, detected[i], function_words) for i, t in enumerate(texts)]
    spread = Counter(key for i, keys in enumerate(found) if detected[i] == lang for key in keys)
    in_lang = sum(language == lang for language in detected)
    labels: list[str] = []
    used: set[str] = set()
    for cluster in clusters:
        own = [i for i in cluster if detected[i] == lang] or cluster
        said = Counter(key for i in own for key in found[i])

        rarity = {key: math.log(1 + max(in_lang, 1) / max(spread[key], 1)) for key in said}
        # a phrase said by several members stands for its words ("coffee break"); one said once does not
        ranked = sorted(
            said, key=lambda k: (said[k] * rarity[k], k.count(" ") * (1 if said[k] > 1 else -1), k), reverse=True
        )
        chosen = ranked[:1]
        longer = [k for k in ranked if chosen and k.count(" ") and chosen[0] in k.split(" ")]
        if longer and said[longer[0]] >= max(2, 0.6 * said[chosen[0]]):  # "laura virtanen", not "virtanen"
            chosen = longer[:1]
        for key in ranked[1:]:  # a second phrase only when many members say it too
            if len(chosen) == LABEL_PHRASES or said[key] < max(2, said[chosen[0]] / 2):
                break
            if not set(key.split()) & set(chosen[0].split()):
                chosen.append(key)
        label = " · ".join(chosen) or quote(texts[cluster[0]].text, "")[:40]
        if label in used:  # two groups with the same words stay two entries people can tell apart
            label = f"{label} ({sum(u == label or u.startswith(label + ' (') for u in used) + 1})"
        used.add(label)
        labels.append(label)
    return labels


def label_language(event_language, detected):
    """The event's language, or for a "browser" event the one most texts are in."""
    if event_language in LANGUAGES:
        return event_language
    counts = Counter(detected)
    return max(LANGUAGES, key=lambda lang: (counts[lang], lang == LANGUAGES[0]))


def themes(texts, embed, event_language, limit, group_limit=0, groups_of=None):
    """The `limit` themes most people said (a list of Text, themes.themes's shape), and with
    `groups_of` ({group: set of participants}) each group's `group_limit` themes: (themes, {group:
    themes}). The groups share the whole event's themes and labels, counted over their own texts."""
    if not texts:
        return [], {name: [] for name in groups_of or {}}
    fallback = label_language(event_language, [])
    detected = [_detect(t.text, fallback) for t in texts]
    x = centred(embed([t.text for t in texts]), detected)
    found = groups(x)
    least = 2 if any(len(group) > 1 for group in found) else 1
    found = [group for group in found if len({_person(texts, i) for i in group}) >= least]
    lang = label_language(event_language, detected)
    labels = _labels(found, texts, detected, lang)
    made = [_theme(group, label, lang, texts, x, detected) for group, label in zip(found, labels, strict=True)]
    overall = sorted(made, key=_rank)[:limit]
    split = {}
    for name, people in (groups_of or {}).items():
        theirs = [
            _theme([i for i in group if texts[i].participant in people], label, lang, texts, x, detected)
            for group, label in zip(found, labels, strict=True)
        ]
        split[name] = sorted((t for t in theirs if t["count"]), key=_rank)[:group_limit]
    return overall, split


@lru_cache(maxsize=20_000)  # a worker remakes an event's themes as people write: each text read once
def _detect(text, fallback):
    return detect_language(text, fallback)


def _person(texts, i):
    return texts[i].participant or f"#{i}"


def _rank(theme):
    return (-theme["people"], -theme["count"], theme["phrase"])


def _theme(members, label, lang, texts, x, detected):
    """themes.themes's shape; quotes are the members nearest the group's centre, one of each
    language first."""
    if not members:
        return {"count": 0}
    centre = x[members].mean(axis=0)
    by_nearness = sorted(members, key=lambda i: (-float(x[i] @ centre), i))
    first, seen = [], set()
    for i in by_nearness:
        if detected[i] not in seen:
            seen.add(detected[i])
            first.append(i)
    chosen = [*first, *(i for i in by_nearness if i not in first)][:QUOTES]
    ordered = sorted(members)
    return {
        "phrase": label,
        "lemma": label.split(" · ")[0],  # its first key phrase, as the keyword themes name one
        "language": lang,
        "count": len(members),
        "people": len({_person(texts, i) for i in members}),
        "sources": [texts[i].source for i in ordered],
        "quotes": [{**texts[i].source, "text": quote(texts[i].text, label.split(" ")[0])} for i in chosen],
    }
