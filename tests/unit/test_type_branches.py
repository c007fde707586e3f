"""A poll type is one unit: outside server/domain/poll_types no Python module branches on a type's name.

Whatever a type means to the rest of the server (its answers are moderated, it earns points, its
scores split authors for insights, how exports list its results) is an attribute or method of its
class, reached by `poll_types.get(poll["type"])`. The check reads every module's syntax tree: a
comparison, membership test or `match` of a poll's type against a literal type name, and a dict
keyed by type names, are branches.
"""

import ast
from pathlib import Path

import pytest

from server.domain import poll_types

ROOT = Path(__file__).resolve().parents[2]
OWN = ROOT / "server/domain/poll_types"
# the registered names, and the names the pages use for a type's form and view
TYPE_NAMES = set(poll_types.REGISTRY) | {"scale", "words", "open"}


def modules():
    return sorted(p for p in (ROOT / "server").rglob("*.py") if OWN not in p.parents)


def names_type(node):
    """poll["type"], x.type, x.name, or a variable called type/kind/poll_type."""
    if isinstance(node, ast.Subscript):
        return isinstance(node.slice, ast.Constant) and node.slice.value == "type"
    if isinstance(node, ast.Attribute):
        return node.attr in ("type", "name")
    return isinstance(node, ast.Name) and node.id in ("type", "kind", "poll_type")


def type_literal(node):
    """A literal type name, or a tuple/list/set literal holding one."""
    if isinstance(node, ast.Constant):
        return node.value in TYPE_NAMES
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(type_literal(item) for item in node.elts)
    return False


def branches(source, name="<source>"):
    """["name:line"] of each place the source branches on a poll type's name."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            hit = any(names_type(s) for s in sides) and any(type_literal(s) for s in sides)
        elif isinstance(node, ast.Match):
            cases = [c.pattern for c in node.cases]
            hit = names_type(node.subject) and any(
                isinstance(p, ast.MatchValue) and type_literal(p.value) for p in cases
            )
        elif isinstance(node, ast.Dict):
            keys = [k for k in node.keys if k is not None]
            hit = len(keys) >= 2 and all(type_literal(k) for k in keys)
        else:
            continue
        if hit:
            found.append(f"{name}:{node.lineno}")
    return found


def test_no_module_outside_poll_types_branches_on_a_type_name():
    found = [hit for path in modules() for hit in branches(path.read_text("utf-8"), str(path.relative_to(ROOT)))]
    assert found == [], "ask the poll type's class (poll_types.get(poll['type'])) instead"


@pytest.mark.parametrize(
    "source",
    [
        'if poll["type"] == "quiz": pass',
        'if poll["type"] != "open": pass',
        'if poll.type == "wordcloud": pass',
        'ok = kind in ("nps", "csat")',
        'ok = "rating" == p["type"]',
        'GROUPS = {"nps": 1, "csat": 2}',
        'match poll["type"]:\n    case "ranking": pass',
    ],
)
def test_the_check_finds_a_branch(source):
    assert branches(source) == ["<source>:1"]


@pytest.mark.parametrize(
    "source",
    [
        'if poll["state"] == "open": pass',
        'if s.type == "video": pass',
        'state = {"open": True, "moderation": False}',
        'kind = poll_types.get(poll["type"])',
    ],
)
def test_the_check_leaves_other_comparisons(source):
    assert branches(source) == []


def test_what_the_server_asks_a_type():
    kinds = poll_types.REGISTRY
    assert [k for k in kinds.values() if k.moderated_answers] == [kinds["open"]]
    assert [k for k in kinds.values() if k.has_points] == [kinds["quiz"]]
    assert [k for k in kinds.values() if k.filters_profanity] == [kinds["wordcloud"]]
    # insights prefer an NPS poll to a CSAT one: registry order
    assert [k.name for k in kinds.values() if k.insights_role == "score"] == ["nps", "csat"]
    assert all(k.score_groups for k in kinds.values() if k.insights_role == "score")
