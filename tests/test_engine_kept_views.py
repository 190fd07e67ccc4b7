"""A unit's views are kept with it until any of its fields changes: an observation always shows the unit as it is."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from game.engine.game import Game
from game.engine.observation import view_of
from game.engine.state import Unit
from game.scenario.validate import load_scenario


@pytest.fixture(scope="module")
def game() -> Game:
    return Game(load_scenario("abu_kamal_2017"))


def _unit() -> Unit:
    return Unit(id="u", type="t", faction="f", side="s", name="n", x=1, y=2, strength=3, max_strength=3, morale=50)


def test_kept_is_no_field_and_starts_empty() -> None:
    u = _unit()
    assert u.kept is None
    assert "kept" not in {f.name for f in dataclasses.fields(Unit)}
    assert u == _unit()


@pytest.mark.parametrize("name", [f.name for f in dataclasses.fields(Unit)])
def test_an_assignment_to_any_field_drops_what_is_kept(name: str) -> None:
    u = _unit()
    u.x = 5
    object.__setattr__(u, "kept", ["derived"])
    setattr(u, name, getattr(u, name))  # even the same value
    assert u.kept is None


def test_copies_and_pickles_keep_the_fields_but_nothing_derived() -> None:
    u = _unit()
    object.__setattr__(u, "kept", ["derived"])
    for twin in (copy.copy(u), copy.deepcopy(u), pickle.loads(pickle.dumps(u))):
        assert twin == u and twin.kept is None


def test_every_observation_shows_each_unit_as_it_is_now(game: Game) -> None:
    state, _ = game.start(3)
    side = game.sides[0]
    for _ in range(3):
        obs = game.observe(state, side)
        for uid, v in obs.units.items():
            u = state.units[uid]
            assert v == view_of(u, u.side == side)
        god = game.observe(state, None)
        assert all(v == view_of(state.units[uid], True) for uid, v in god.units.items())
        for u in state.units.values():  # change every unit a little, as actions do
            u.mp += 1
            u.fatigue += 1
            u.moved = not u.moved


def test_an_unchanged_unit_gives_the_same_view_again(game: Game) -> None:
    state, _ = game.start(3)
    side = game.sides[0]
    first, again = game.observe(state, side), game.observe(state, side)
    assert all(again.units[uid] is v for uid, v in first.units.items())
    moved = next(u for u in state.units.values() if u.side == side and u.id in first.units)
    moved.x += 1
    after = game.observe(state, side)
    assert after.units[moved.id] is not first.units[moved.id] and after.units[moved.id].x == moved.x
