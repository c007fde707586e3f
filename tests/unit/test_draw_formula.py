"""The thank-you draw's formula: the winner is recomputed here, by other code, from what the
projector shows (the seed and n), and the choice is reproducible and fair over many seeds."""

import hashlib
import re

import pytest

from server.domain import Invalid
from server.domain.draws import FORMULA, check_seed, new_seed, verify, winning_ticket


def recompute(seed: str, n: int) -> int:
    """The formula as printed on the projector, written independently of server/domain/draws.py."""
    digest = hashlib.new("sha256", (seed + ":" + str(n)).encode("utf-8")).digest()
    return int.from_bytes(digest, "big") % n + 1


@pytest.mark.parametrize(
    ("seed", "n"),
    [("0", 1), ("00", 2), ("deadbeef", 3), ("DEADBEEF", 3), ("a" * 64, 1000), ("0123456789abcdef" * 2, 7)],
)
def test_the_winner_is_the_one_recomputed_from_the_shown_seed_and_n(seed, n):
    ticket = winning_ticket(seed, n)
    assert ticket == recompute(seed, n)
    assert 1 <= ticket <= n
    assert verify({"seed": seed, "tickets": n, "ticket": ticket, "formula": FORMULA})


def test_the_shown_formula_computes_the_same_ticket_when_evaluated():
    from hashlib import sha256  # the names the printed formula uses

    for seed, n in [("c0ffee", 5), ("1", 17), ("ff" * 32, 250)]:
        assert eval(FORMULA, {"sha256": sha256, "seed": seed, "n": n}) == recompute(seed, n)


def test_the_same_seed_gives_the_same_ticket_and_another_n_may_not():
    seed = new_seed()
    assert re.fullmatch(r"[0-9a-f]{32}", seed)
    assert {winning_ticket(seed, 50) for _ in range(20)} == {recompute(seed, 50)}
    assert new_seed() != seed


def test_a_tampered_draw_does_not_verify():
    seed, n = "5eed", 12
    ticket = winning_ticket(seed, n)
    draw = {"seed": seed, "tickets": n, "ticket": ticket, "formula": FORMULA}
    assert verify(draw)
    assert not verify({**draw, "ticket": ticket % n + 1})
    assert not verify({**draw, "tickets": n + 1}) or winning_ticket(seed, n + 1) == ticket
    assert not verify({**draw, "formula": "1"})
    assert not verify({"seed": seed})


def test_tickets_are_drawn_roughly_uniformly_over_many_seeds():
    n, draws = 10, 20_000
    counts = [0] * n
    for i in range(draws):
        counts[winning_ticket(f"{i:x}", n) - 1] += 1
    expected = draws / n
    chi2 = sum((c - expected) ** 2 / expected for c in counts)
    # Deterministic seeds, so this never flakes; 9 degrees of freedom: chi2 > 27.9 has p < 0.001.
    assert chi2 < 27.9, counts
    assert min(counts) > expected * 0.9


@pytest.mark.parametrize("seed", ["", "xyz", "12 34", "0x12", "a" * 65, 12, None, "ä"])
def test_a_seed_that_is_not_1_to_64_hex_characters_is_refused(seed):
    with pytest.raises(Invalid) as refused:
        check_seed(seed)
    assert refused.value.code == "invalid_seed" and refused.value.status == 422


def test_no_tickets_is_no_draw():
    with pytest.raises(ValueError):
        winning_ticket("00", 0)
