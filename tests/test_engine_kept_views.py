"""A unit's views are kept with it until any of its fields changes: an observation always shows the unit as it is."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from pathlib import Path

import pytest

from game.engine.effects import force_sight
from game.engine.emit import Emitter
from game.engine.game import Game
from game.engine.observation import view_of
from game.engine.state import ACTIVE, Unit
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


@pytest.mark.parametrize("scenario", ["abu_kamal_2017", "docs/examples/three_sides_bridge.yaml"])
def test_an_observations_own_units_and_enemies_are_those_its_units_give(scenario: str) -> None:
    """``observe`` sorts out ``own()`` and ``enemies()`` as it builds the views: the same views, in
    the same order, as working them out from the observation's units (allies are no enemies)."""
    path = Path(__file__).resolve().parents[1] / scenario if scenario.endswith(".yaml") else scenario
    game = Game(load_scenario(path))
    state, _ = game.start(4)
    for side in game.sides:
        allies = game.scenario.sides[side].allies
        for u in state.units.values():  # every unit in sight, allies too
            if u.status == ACTIVE and u.side != side and not u.underground:
                force_sight(game, state, side, u, Emitter(game, state))
        obs = game.observe(state, side)
        fresh = dataclasses.replace(obs)  # the same fields, nothing worked out yet
        assert obs.own() == fresh.own() == [v for v in obs.units.values() if v.side == side]
        assert all(a is b for a, b in zip(obs.own(), fresh.own(), strict=True))
        enemies = [v for v in obs.units.values() if v.side != side and v.side not in allies]
        assert obs.enemies() == fresh.enemies() == enemies
        assert all(a is b for a, b in zip(obs.enemies(), enemies, strict=True))
        if allies:
            assert any(v.side in allies for v in obs.units.values())  # so the allies are left out of something
