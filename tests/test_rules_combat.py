"""Combat: the preview, surprise, suicide attackers, ambush, morale and breaking."""

import math

import numpy as np
import pytest
from tiny import tiny

from game.engine import actions as A
from game.engine.observation import view_of


def _preview(game, state, a, d):
    return game.preview(game.observe(state, None), a, d)


def test_a_stood_down_garrison_fights_at_reduced_strength_on_the_turn_it_is_surprised():
    game, state = tiny("....", ["r inf red 0,0", "b inf blue 1,0"])
    alert = _preview(game, state, "r", "b")
    state.units["b"].posture = "stood_down"
    surprised = _preview(game, state, "r", "b")
    assert surprised.surprise and not alert.surprise
    assert surprised.defender_loss_mean > alert.defender_loss_mean
    assert surprised.attacker_loss_mean < alert.attacker_loss_mean


def _binomial(n: int, p: float) -> list[float]:
    return [math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(n + 1)]


def _chi_square(counts: list[int], pmf: list[float]) -> float:
    """Pearson's statistic over the bins 0, 1, 2 and '3 or more' (every bin expects 5 or more here)."""
    observed = [*counts[:3], sum(counts[3:])]
    expected = [*pmf[:3], sum(pmf[3:])]
    n = sum(observed)
    return sum((o - n * e) ** 2 / (n * e) for o, e in zip(observed, expected, strict=True))


CHI2_3DF_0001 = 16.27  # chi-square with 3 degrees of freedom: exceeded by chance once in a thousand


def test_the_preview_is_the_rulebooks_distribution_and_the_dice_follow_it():
    # Infantry (attack 3) on infantry (defence 3) on open ground, both fresh: 0.3 x 3 / 3 per step.
    game, state = tiny("....", ["a inf blue 0,0 strength=4", "r inf red 1,0 strength=4"])
    state.units["a"].fatigue = state.units["r"].fatigue = 0
    pmf = _binomial(4, 0.3)
    p = _preview(game, state, "a", "r")
    assert p.defender_loss_mean == pytest.approx(4 * 0.3)
    assert p.defender_loss_sd == pytest.approx(math.sqrt(4 * 0.3 * 0.7))
    assert p.p_defender_destroyed == pytest.approx(pmf[4])
    counts = [0] * 5
    for seed in range(1500):
        s = state.copy()
        game.reseed(s, seed)
        events = game.apply(s, A.Attack("a", "r"))
        counts[next(e for e in events if e.kind == "combat").get("defender_losses")] += 1
    assert _chi_square(counts, pmf) < CHI2_3DF_0001, f"losses {counts} do not follow Binomial(4, 0.3)"
    # The bound is tight enough to catch a formula a fifth off: the same dice reject Binomial(4, 0.36).
    assert _chi_square(counts, _binomial(4, 0.36)) > CHI2_3DF_0001


def test_a_suicide_attacker_is_spent_after_its_attack():
    game, state = tiny("....", ["b inf blue 3,0", "s sva red 2,0"])
    game.apply(state, A.EndTurn())
    game.apply(state, A.Attack("s", "b"))
    assert state.units["s"].status == "spent"
    assert "s" not in game.observe(state, "red").units


def test_only_an_alert_defender_can_stop_a_suicide_attack():
    game, state = tiny("....", ["b inf blue 3,0", "s sva red 2,0"])
    assert _preview(game, state, "s", "b").intercept == pytest.approx(game.rules.suicide_intercept_alert)
    state.units["b"].posture = "stood_down"
    assert _preview(game, state, "s", "b").intercept == game.rules.suicide_intercept_stood_down == 0.0


def test_cover_does_not_help_against_a_suicide_attack():
    game, state = tiny("..#.", ["b inf blue 2,0", "s sva red 1,0"])
    assert _preview(game, state, "s", "b").odds.terrain_defence == 1.0


def test_a_unit_that_came_out_of_a_tunnel_this_turn_attacks_with_the_ambush_bonus():
    tunnels = {"nodes": {"n1": {"at": [1, 0]}, "n2": {"at": [3, 1]}}, "links": [["n1", "n2"]], "known_to": {"red": "all"}}
    game, state = tiny("....\n....", ["b inf blue 0,0", "c cell red tunnel:n1"], tunnels=tunnels)
    game.apply(state, A.EndTurn())
    before = game.preview(game.observe(state, None), "c", "b")
    game.apply(state, A.Emerge("c"))
    after = _preview(game, state, "c", "b")
    assert after.ambush and not before.ambush
    assert after.defender_loss_mean > before.defender_loss_mean


def test_a_target_out_of_its_own_range_cannot_fire_back():
    game, state = tiny("......", ["g gun blue 0,0", "r inf red 3,0"])
    assert _preview(game, state, "g", "r").attacker_loss_mean == 0.0


def test_a_broken_unit_falls_back_toward_its_rally_zone():
    game, state = tiny("........", ["b inf blue 5,0", "r inf red 6,0"], rules={"break_below": 100})
    game.apply(state, A.EndTurn())
    events = game.apply(state, A.Attack("r", "b"))
    assert any(e.kind == "unit_broke" and e.get("unit") == "b" for e in events)
    assert state.units["b"].x < 5, "it fell back toward the left edge, blue's rally zone"
    assert state.units["b"].broken


def test_combat_results_stay_within_strength_bounds():
    game, state = tiny("....", ["a inf blue 0,0 strength=1", "r inf red 1,0"])
    for seed in range(50):
        s = state.copy()
        s.rng = np.random.Generator(np.random.PCG64(seed))
        game.apply(s, A.Attack("a", "r"))
        for u in s.units.values():
            assert 0 <= u.strength <= u.max_strength


def test_unit_views_of_enemies_hide_morale_and_orders():
    game, state = tiny("....", ["a inf blue 0,0", "r inf red 1,0"])
    enemy = game.observe(state, "blue").units["r"]
    assert enemy.morale is None and enemy.mp is None and enemy.fatigue is None
    assert view_of(state.units["r"], True).morale is not None
