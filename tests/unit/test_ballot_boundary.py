"""Issue 16: the stored vote is the store's business. The store hands out a Ballot; no module
outside server/store reads or builds the record's one-letter keys (c, v, k, t), so changing how
votes are stored touches the store (and its Lua) only.

The check reads the source with `ast`. It flags any subscript or `.get()` with one of those keys,
whatever the name (the old reads went through `record`, `r` and `item[1]`): no other mapping in
server/ is keyed by those letters. It flags a dict literal holding both "c" and "v", the record
being built; a lone "t" (the pages' translator) is no record.
"""

import ast

from server.store.ballots import Ballot
from tests.helpers.sources import ROOT, plant, server_copy, server_sources

RECORD_KEYS = {"c", "v", "k", "t"}


def _key(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _offence(node):
    if isinstance(node, ast.Subscript) and _key(node.slice) in RECORD_KEYS:
        return f'reads ["{_key(node.slice)}"]'
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and node.args
        and _key(node.args[0]) in RECORD_KEYS
    ):
        return f'reads .get("{_key(node.args[0])}")'
    if isinstance(node, ast.Dict) and {"c", "v"} <= {_key(k) for k in node.keys if k is not None}:
        return "builds a vote record"
    return None


def record_reads(root):
    """Every place under root/server, outside server/store, that reads or builds a stored vote
    record by its keys: ["path:line: what"]."""
    found = []
    for path, tree in server_sources(root, outside=["server/store"]):
        for node in ast.walk(tree):
            if offence := _offence(node):
                found.append(f"{path.relative_to(root)}:{node.lineno}: {offence}")
    return found


def test_no_module_outside_the_store_reads_a_vote_record():
    assert record_reads(ROOT) == []


def test_the_check_finds_record_reads_planted_anywhere(tmp_path):
    server_copy(tmp_path)
    assert record_reads(tmp_path) == []
    planted = {
        "server/domain/results.py": 'def a(votes):\n    return sorted(votes, key=lambda r: r["t"])\n',
        "server/media/exports/rows.py": 'def b(record):\n    return record.get("v")\n',
        "server/web/pages.py": 'def c(items):\n    return [item[1]["c"] for item in items]\n',
        "server/domain/votes.py": 'def d(x, n):\n    return {"c": x, "v": 1, "k": [], "t": n}\n',
        "server/realtime/hub.py": 'def e(vote):\n    return vote["k"]\n',
    }
    unrelated = {  # a translator under "t", other keys, bytes: not a record
        "server/jobs/worker.py": 'def f(t, headers):\n    return {"t": t}, headers["value"], {b"t": 1}[b"t"]\n',
        "server/store/polls.py": 'def g(record):\n    return record["v"], {"c": 1, "v": 2}\n',  # the store's own
    }
    plant(tmp_path, {**planted, **unrelated})
    found = "\n".join(record_reads(tmp_path))
    assert "server/domain/results.py" in found and 'reads ["t"]' in found
    assert "server/media/exports/rows.py" in found and 'reads .get("v")' in found
    assert "server/web/pages.py" in found and 'reads ["c"]' in found
    assert "server/domain/votes.py" in found and "builds a vote record" in found
    assert "server/realtime/hub.py" in found and 'reads ["k"]' in found
    assert "worker.py" not in found and "store/polls.py" not in found
    assert len(record_reads(tmp_path)) == len(planted)


def test_a_ballot_reads_back_what_it_stored_and_a_record_stored_before_times():
    ballot = Ballot(["o1", "o3"], "v-1", (("o1", 1), ("o3", 1)), 1_700_000_000_000)
    assert Ballot.decode(ballot.encode()) == ballot
    assert Ballot.decode(ballot.encode().encode()) == ballot  # bytes, as Redis replies
    # the bytes vote.lua and answers_window.lua parse: keys and layout are theirs too
    assert ballot.encode() == '{"c":"v-1","v":["o1","o3"],"k":[["o1",1],["o3",1]],"t":1700000000000}'
    assert Ballot.decode(b'{"c":"v0","v":"o2","k":[["o2",1]]}') == Ballot("o2", "v0", (("o2", 1),), 0)
