"""A side's sight layers are the union of its viewers' own views, however they are kept and reused."""

from __future__ import annotations

import numpy as np
import pytest

from game.engine import fog
from game.engine.effects import force_sight
from game.engine.emit import Emitter
from game.engine.game import Game
from game.engine.state import ACTIVE, ALERT, DESTROYED, STOOD_DOWN, State, Unit
from game.scenario.validate import load_scenario


@pytest.fixture(scope="module")
def game() -> Game:
    return Game(load_scenario("abu_kamal_2017"))


def _by_hand(game: Game, state: State, side: str) -> tuple[np.ndarray, np.ndarray]:
    """The view and spot layers of ``side`` made one viewer at a time, window by window."""
    view = np.zeros((game.height, game.width), bool)
    spot = np.zeros((game.height, game.width), bool)
    for u in fog.viewers(state, side):
        r = fog.sight_of(game, state, u)
        for layer, (window, x0, y0) in ((view, fog._view(game, u.x, u.y, r)), (spot, fog._spot_window(game, u.x, u.y, r))):
            h, w = window.shape
            layer[y0:y0 + h, x0:x0 + w] |= window
    return view, spot


def _layers(game: Game, state: State, side: str) -> tuple[np.ndarray, np.ndarray]:
    return fog._layers(game, side, game.night[state.turn], fog._eyes(game, state, side))


def test_a_sides_layers_are_the_union_of_its_viewers_views_by_day_and_by_night(game: Game) -> None:
    state = game.new_initial_state(3)
    for turn in (1, next(t for t in range(1, len(game.night)) if game.night[t])):
        state.turn = turn
        for side in game.sides:
            view, spot = _layers(game, state, side)
            hand_view, hand_spot = _by_hand(game, state, side)
            assert (view == hand_view).all() and (spot == hand_spot).all()
            assert not view.flags.writeable and not spot.flags.writeable  # shared by every caller


def test_the_layers_follow_a_viewer_that_moves_stands_down_or_leaves(game: Game) -> None:
    state = game.new_initial_state(4)
    side = game.sides[0]
    _layers(game, state, side)  # the layers before the changes are kept: the new ones must not come from them
    mine = [u for u in state.units.values() if u.side == side and u.status == ACTIVE]
    mine[0].x, mine[0].y = mine[1].x, mine[1].y
    mine[1].posture = STOOD_DOWN if mine[1].posture != STOOD_DOWN else ALERT
    mine[2].status = DESTROYED
    view, spot = _layers(game, state, side)
    hand_view, hand_spot = _by_hand(game, state, side)
    assert (view == hand_view).all() and (spot == hand_spot).all()


def test_the_same_viewers_in_another_order_see_the_same(game: Game) -> None:
    state = game.new_initial_state(5)
    side = game.sides[1]
    night = game.night[state.turn]
    eyes = fog._eyes(game, state, side)
    view, spot = fog._union(game, night, eyes)
    view2, spot2 = fog._union(game, night, eyes[::-1])
    assert (view == view2).all() and (spot == spot2).all()
    none_view, none_spot = fog._union(game, night, ())
    assert not none_view.any() and not none_spot.any()


def test_an_observation_keeps_what_its_side_saw_when_a_contact_is_forced_into_sight_later(game: Game) -> None:
    state = game.new_initial_state(6)
    side = game.sides[0]
    before = game.observe(state, side)
    assert not before.visible.flags.writeable  # shared with the side's knowledge, never written
    enemy = next(u for u in state.units.values() if u.side != side and u.status == ACTIVE
                 and not before.visible[u.y, u.x])
    force_sight(game, state, side, enemy, Emitter(game, state))
    assert not before.visible[enemy.y, enemy.x]
    assert game.observe(state, side).visible[enemy.y, enemy.x]


def test_a_sides_own_and_other_units_are_the_states_units_in_its_order_and_follow_a_change_of_side(game: Game) -> None:
    def same(kept: list[Unit], units: list[Unit]) -> bool:  # the state's very units, in its order
        return len(kept) == len(units) and all(a is b for a, b in zip(kept, units, strict=True))

    def check(state: State) -> None:
        for s in game.sides:
            assert same(fog.side_units(game, state, s), [u for u in state.units.values() if u.side == s])
            assert same(fog.other_units(game, state, s), [u for u in state.units.values() if u.side != s])

    state = game.new_initial_state(7)
    check(state)
    changed = next(u for u in state.units.values() if u.side == game.sides[1])
    changed.side = game.sides[0]  # as the 'change_side' effect does, which then tells the fog
    fog.sides_changed(game)
    check(state)
    check(state.copy())  # another state (a look-ahead): lists of its own units
    check(state)


def test_the_kept_viewer_cells_are_emptied_when_full_and_the_layers_stay_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    game = Game(load_scenario("abu_kamal_2017"))  # its own: the limit below empties its caches often
    monkeypatch.setattr(fog, "EYE_BITS_LIMIT", 3)
    state = game.new_initial_state(5)
    for side in game.sides:
        game.sight_cache.clear()
        view, spot = _layers(game, state, side)
        hand_view, hand_spot = _by_hand(game, state, side)
        assert (view == hand_view).all() and (spot == hand_spot).all()
        assert all(len(kept) <= 3 for kept in game.eye_bits)


@pytest.mark.parametrize(("x", "y", "r"), [(0, 0, 5), (63, 47, 3), (30, 20, 6), (2, 40, 1), (60, 5, 8)])
def test_a_viewers_spot_window_is_the_cover_rule_cell_by_cell(game: Game, x: int, y: int, r: int) -> None:
    """A cell is spotted if it is in view and next to the viewer or within its sight shortened by
    the cell's cover, whatever way the window's distances are worked out (edges and corners too)."""
    view, x0, y0 = fog._view(game, x, y, r)
    spot, sx0, sy0 = fog._spot_window(game, x, y, r)
    assert (sx0, sy0) == (x0, y0) and spot.shape == view.shape and not spot.flags.writeable
    for (wy, wx), seen in np.ndenumerate(view):
        cx, cy = x0 + wx, y0 + wy
        d = max(abs(cx - x), abs(cy - y))
        near = d <= 1 or d <= r * (1.0 - float(game.cover[cy, cx]))
        assert spot[wy, wx] == (bool(seen) and near), (cx, cy)


def _eyes_now(state: State, side: str) -> tuple[tuple[object, ...], ...]:
    """A side's eyes made afresh from its units (what ``fog._eyes`` keeps in the side's watch)."""
    return tuple((u.x, u.y, u.posture, u.underground, u.type) for u in state.units.values()
                 if u.side == side and u.status == ACTIVE)


def _check_sight(game: Game, state: State) -> None:
    for side in game.sides:
        assert fog._eyes(game, state, side) == _eyes_now(state, side)
        view, spot = fog._side_layers(game, state, side)
        hand_view, hand_spot = _by_hand(game, state, side)
        assert (view == hand_view).all() and (spot == hand_spot).all()
        assert fog.spot_layer(game, state, side) is spot


def test_an_assignment_to_a_unit_drops_its_watch_and_copies_have_none(game: Game) -> None:
    state = game.new_initial_state(8)
    _check_sight(game, state)
    u = next(iter(state.units.values()))
    watch = u.watch
    assert watch is not None and watch.valid
    u.morale = u.morale  # any field, even to the same value
    assert not watch.valid
    assert all(twin.watch is None for twin in state.copy().units.values())


def test_a_sides_kept_sight_follows_every_change_of_its_units_in_each_state(game: Game) -> None:
    state = game.new_initial_state(9)
    twin = state.copy()  # a look-ahead: asked in turn with the state, its units change on their own
    night = next(t for t in range(1, len(game.night)) if game.night[t])
    for s in (state, twin, state, twin):
        _check_sight(game, s)
        mine = [u for u in s.units.values() if u.side == game.sides[0] and u.status == ACTIVE]
        mine[0].x, mine[0].y = mine[1].x, mine[1].y
        _check_sight(game, s)
        mine[1].posture = STOOD_DOWN if mine[1].posture == ALERT else ALERT
        _check_sight(game, s)
        mine[2].underground = not mine[2].underground
        _check_sight(game, s)
        waiting = next((u for u in s.units.values() if u.status != ACTIVE), None)
        if waiting is not None:
            waiting.x, waiting.y = mine[0].cell
            waiting.status = ACTIVE  # an arrival
            _check_sight(game, s)
        mine[3].status = DESTROYED
        _check_sight(game, s)
        s.turn = night if s.turn != night else 1  # another night: another sight
        _check_sight(game, s)


def test_a_unit_added_or_gone_over_to_another_side_is_in_its_new_sides_sight(game: Game) -> None:
    state = game.new_initial_state(10)
    _check_sight(game, state)
    first, second = game.sides[0], game.sides[1]
    model = next(u for u in state.units.values() if u.side == first and u.status == ACTIVE)
    new = Unit(id="spawned", type=model.type, faction=model.faction, side=first, name="new", x=model.x + 1,
               y=model.y, strength=model.strength, max_strength=model.max_strength, morale=model.morale)
    state.units[new.id] = new  # as the 'spawn' effect does
    _check_sight(game, state)
    turned = next(u for u in state.units.values() if u.side == second and u.status == ACTIVE)
    turned.side = first  # as the 'change_side' effect does, which then tells the fog
    fog.sides_changed(game)
    _check_sight(game, state)


def test_an_assignment_that_moves_no_eye_keeps_the_layers_found_and_a_move_does_not(
        game: Game, monkeypatch: pytest.MonkeyPatch) -> None:
    state = game.new_initial_state(11)
    _check_sight(game, state)
    side = game.sides[0]
    layers = fog._side_layers(game, state, side)
    mine = [u for u in state.units.values() if u.side == side and u.status == ACTIVE]
    mine[0].mp, mine[1].strength = mine[0].mp + 1, mine[1].strength - 1  # not what a viewer sees with
    with monkeypatch.context() as m:
        m.setattr(fog, "_layers", lambda *a: pytest.fail("the same eyes: no need to look their layers up"))
        assert fog._side_layers(game, state, side) is layers
    _check_sight(game, state)
    mine[0].x, mine[0].y = mine[1].x, mine[1].y  # a viewer moves: new layers
    assert fog._side_layers(game, state, side) is not layers
    _check_sight(game, state)
    mine[0].mp = 0
    state.turn = next(t for t in range(1, len(game.night)) if game.night[t])  # the same eyes at night
    _check_sight(game, state)
