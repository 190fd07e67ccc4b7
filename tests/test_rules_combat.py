"""Combat: the preview, surprise, suicide attackers, ambush, morale and breaking."""

import numpy as np
import pytest
from tiny import tiny

from game.engine import actions as A
from game.engine.fog import view_of


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


def test_the_preview_is_the_distribution_the_dice_are_drawn_from():
    game, state = tiny("....", ["a inf blue 0,0 strength=4", "r inf red 1,0 strength=4"])
    p = _preview(game, state, "a", "r")
    losses = []
    for seed in range(400):
        s = state.copy()
        s.rng = np.random.Generator(np.random.PCG64(seed))
        events = game.apply(s, A.Attack("a", "r"))
        losses.append(next(e for e in events if e.kind == "combat").get("defender_losses"))
    assert np.mean(losses) == pytest.approx(p.defender_loss_mean, abs=4 * p.defender_loss_sd / np.sqrt(400) + 0.02)
    assert np.std(losses) == pytest.approx(p.defender_loss_sd, rel=0.2)


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
