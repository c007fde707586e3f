"""Generated hostile input for the tests: Hypothesis strategies of wrong types, nasty text and ids,
and a byte-for-byte snapshot of Redis to prove a refusal changed nothing."""

import json
import math
import time

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = settings(
    max_examples=400, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True
)


class Raw(str):
    """JSON text sent as is: what a Python serializer would refuse to write."""


def to_json(value):
    if isinstance(value, Raw):
        return value
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(str(k))}:{to_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(to_json(v) for v in value) + "]"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return json.dumps(value)


NASTY = ["*", "{", "}", ":", "\n", "a*b", "x{y}", "a:b", "line\nbreak", "\r\n", "{a}:*", "../x", "\x00", "%00"]
SURROGATES = ["\ud800", "\udfff", "a\ud800b", "\udc00" * 3]
nasty_text = st.sampled_from(NASTY + SURROGATES) | st.text(
    alphabet=st.characters(categories=["Cs", "Cc", "Zs", "So"]) | st.sampled_from("*{}:\n"), min_size=1, max_size=20
).filter(lambda s: any(c in s for c in "*{}:\n") or any("\ud800" <= c <= "\udfff" for c in s))
# Within what a real server takes in a URL (eventlet refuses request lines over 8 KB).
url_text = st.builds(lambda c, n: c * n, st.sampled_from(["a", "\ud800", "é", "*{:\n", "%"]), st.integers(65, 600))
huge_text = st.builds(lambda c, n: c * n, st.sampled_from(["a", "\ud800", "é", "*{:\n", "<"]), st.integers(5001, 60000))
huge_number = st.builds(
    lambda n, sign: Raw(sign + "9" * n), st.sampled_from([4301, 10_000, 60_000]), st.sampled_from(["", "-"])
)
deep = st.builds(
    lambda n, shape: Raw(shape[0] * n + "1" + shape[1] * n),
    st.integers(50, 20_000),
    st.sampled_from([("[", "]"), ('{"a":', "}")]),
)
odd_numbers = st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -0.0, 1.5, 2**64, -(2**63)]) | huge_number
containers = st.recursive(
    st.none() | st.booleans() | st.integers() | odd_numbers | nasty_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(nasty_text | st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)
# A value that no typed field accepts: not a string, or a string too long or not valid Unicode.
wrong = containers.filter(lambda v: not isinstance(v, (str, bool))) | huge_text | deep | st.sampled_from(SURROGATES)
bad_id = wrong | nasty_text | st.just("x" * 65)
bad_bool = wrong.filter(lambda v: v not in (0, 1)) | nasty_text
garbage_bodies = st.one_of(
    st.binary(max_size=64).filter(lambda b: b.strip()),  # invalid UTF-8, truncated JSON, anything
    st.sampled_from([b"{", b'{"a":', b"[1,", b'"\\ud800', b"\xff\xfe{}", b"nul", b"{'a': 1}"]),
    (containers.filter(lambda v: not isinstance(v, dict)) | deep | huge_number).map(lambda v: to_json(v).encode()),
)


def broken(valid, fields):
    """`valid` (a dict) with one of `fields` (name -> strategy of bad values) made bad, as JSON bytes."""
    return st.sampled_from(sorted(fields)).flatmap(
        lambda name: fields[name].map(lambda bad: to_json({**valid, name: bad}).encode())
    )


def snapshot(redis_client):
    """Every key and its serialized value, except rate-limit counters (refusing input may count) and
    the broadcaster's lock (its holder renews it every tick while a poll is live)."""
    keys = sorted(
        k for k in redis_client.keys("*") if not k.startswith(b"hetki:limits") and not k.endswith(b":broadcaster")
    )
    pipe = redis_client.pipeline()
    for key in keys:
        pipe.dump(key)
    return dict(zip(keys, pipe.execute(), strict=True))


def settled(redis_client):
    """The snapshot once the live server's broadcaster has flushed what opening a poll queued."""
    last = snapshot(redis_client)
    while True:
        time.sleep(0.15)
        now = snapshot(redis_client)
        if now == last:
            return now
        last = now


def changes(redis_client, before):
    after = snapshot(redis_client)
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
