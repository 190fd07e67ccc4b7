"""The attack preview breaks the odds into their modifiers, and those modifiers are the odds' own."""

import math

import pytest
from tiny import tiny

from game.engine.combat import MAX_P
from game.engine.state import STOOD_DOWN


def _preview(game, state, a, d):
    return game.preview(game.observe(state, game.sides[0]), a, d)


def _base(game, a, d):
    sc = game.scenario
    return game.rules.hit_chance * sc.unit_types[a].attack / sc.unit_types[d].defence


def _names(p):
    return [f.name for f in p.odds.factors]


def test_the_modifiers_multiplied_together_give_the_chance_the_dice_use():
    game, state = tiny("..#.", ["b inf blue 1,0", "r inf red 2,0"])
    state.units["b"].fatigue = 3
    state.units["r"].posture = STOOD_DOWN
    p = _preview(game, state, "b", "r")
    product = math.prod(f.effect for f in p.odds.factors)
    assert p.odds.p_hit_defender == pytest.approx(_base(game, "inf", "inf") * product)
    assert {"terrain", "fatigue", "posture"} <= set(_names(p))


def test_cover_is_a_modifier_below_one_and_open_ground_changes_nothing():
    game, state = tiny("..#.", ["b inf blue 1,0", "r inf red 2,0"])
    state.units["b"].fatigue = 0
    urban = next(f for f in _preview(game, state, "b", "r").odds.factors if f.name == "terrain")
    assert urban.effect == pytest.approx(0.5) and "urban" in urban.note.lower()
    game, state = tiny("....", ["b inf blue 1,0", "r inf red 2,0"])
    state.units["b"].fatigue = 0
    open_ = next(f for f in _preview(game, state, "b", "r").odds.factors if f.name == "terrain")
    assert open_.effect == pytest.approx(1.0)


def test_a_stood_down_defender_is_listed_as_caught_unready_and_doubles_the_chance():
    game, state = tiny("....", ["b inf blue 1,0", "r inf red 2,0"])
    state.units["b"].fatigue = 0
    assert "posture" not in _names(_preview(game, state, "b", "r"))
    state.units["r"].posture = STOOD_DOWN
    f = next(f for f in _preview(game, state, "b", "r").odds.factors if f.name == "posture")
    assert f.effect == pytest.approx(1 / game.rules.surprise_defence)


def test_an_attack_out_of_a_tunnel_on_the_turn_it_emerges_is_an_ambush():
    game, state = tiny("....", ["b cell blue 1,0", "r inf red 2,0"])
    state.units["b"].fatigue = 0
    state.units["b"].emerged_turn = state.turn
    f = next(f for f in _preview(game, state, "b", "r").odds.factors if f.name == "ambush")
    assert f.effect == pytest.approx(game.rules.ambush_attack)


def test_night_is_listed_but_only_shortens_sight():
    game, state = tiny("....", ["b inf blue 1,0", "r inf red 2,0"])
    state.units["b"].fatigue = 0
    night_turn = next(t for t in range(len(game.night)) if game.night[t])
    state.turn = night_turn
    state.units["r"].surprised_turn = -1
    p = _preview(game, state, "b", "r")
    f = next(f for f in p.odds.factors if f.name == "night")
    assert f.effect == 1.0 and "sight" in f.note
    product = math.prod(f.effect for f in p.odds.factors)
    assert p.odds.p_hit_defender == pytest.approx(min(MAX_P, _base(game, "inf", "inf") * product))


def test_a_preview_reads_only_what_its_cache_key_names():
    """Previews are kept by what the odds read of the two views (``ATTACKER_READS``,
    ``DEFENDER_READS``): views that differ anywhere else must get the same prediction."""
    import dataclasses
    import itertools

    from game.engine.combat import ATTACKER_READS, DEFENDER_READS, predict
    from game.engine.observation import UnitView

    game, state = tiny("..#.\n....", ["b inf blue 1,0", "r inf red 2,0"])
    obs = game.observe(state, None)
    a, d = obs.units["b"], obs.units["r"]
    read = {"a": set(ATTACKER_READS.__reduce__()[1]), "d": set(DEFENDER_READS.__reduce__()[1])}
    others = {"name": "someone", "faction": a.faction, "max_strength": 9, "morale": 11, "fatigue": 2, "mp": 1,
              "moved": True, "attacked": True, "acted": True, "node": "n", "underground": False, "id": "z",
              "side": a.side, "posture": STOOD_DOWN, "broken": True, "suppressed": True, "emerged_turn": 1,
              "surprised_turn": 1, "strength": 1, "x": 1, "y": 1, "type": a.type}
    fields = [f.name for f in dataclasses.fields(UnitView)]
    for turn, who in itertools.product((1, 2), ("a", "d")):
        base = predict(game, a, d, turn, 1, 0)
        for name in fields:
            if name in read[who] or name not in others:
                continue
            if who == "a":
                changed = predict(game, dataclasses.replace(a, **{name: others[name]}), d, turn, 1, 0)
            else:
                changed = predict(game, a, dataclasses.replace(d, **{name: others[name]}), turn, 1, 0)
            assert changed == base, f"the preview reads the {'attacker' if who == 'a' else 'defender'}'s {name}"


def test_the_odds_and_the_preview_are_the_values_their_constructors_make():
    # combat fills these frozen dataclasses field by field: every field is set, none is left over
    import dataclasses

    from game.engine.combat import Odds, Prediction
    game, state = tiny("..#.", ["b inf blue 1,0", "r inf red 2,0"])
    state.units["b"].fatigue = 2
    p = _preview(game, state, "b", "r")
    for made, cls in ((p, Prediction), (p.odds, Odds)):
        fields = {f.name: getattr(made, f.name) for f in dataclasses.fields(cls)}
        assert set(vars(made)) == set(fields)
        assert made == cls(**fields) and hash(made) == hash(cls(**fields))
