"""The wider trigger vocabulary, played by the engine: a unit entering a zone, unit filters, any/not,
counters, chance, spawning, removing and turning units, blowing a bridge, narration for one side,
allied sides."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario_text import edit, write

from game.engine import actions as A
from game.engine import fog
from game.engine.errors import IllegalAction
from game.engine.events import Event
from game.engine.game import Game
from game.engine.state import State
from game.scenario.validate import load_scenario

# The minimal map with a bridge at [4, 2], a north zone and blue's b1 just south of the bridge.
BRIDGE = edit("  river: {char: \"~\"", "  bridge: {char: \"=\", name: Bridge, move_cost: 1, defence: 1.0, bridge: true}\n"
              "  river: {char: \"~\"",
              edit("    ~~~~~~~~\n", "    ~~~~=~~~\n",
                   edit("  town: {name: Town,", "  north: {name: North bank, rects: [[0, 0, 7, 1]]}\n"
                        "  crossing: {name: The bridge, cells: [[4, 2]]}\n  town: {name: Town,",
                        edit("{id: b1, type: infantry, faction: blue_army, at: [0, 4]}",
                             "{id: b1, type: infantry, faction: blue_army, at: [5, 3]}"))))
NARRATION = "narration:\n  intro: {title: Start, text: A test narration.}\n"


def _game(tmp_path: Path, triggers: str, extra_narration: str = "", text: str = BRIDGE) -> Game:
    text = edit("narration:\n  intro: {title: Start, text: A test narration.}\n",
                NARRATION + extra_narration, edit("triggers:\n", "triggers:\n" + triggers, text))
    return Game(load_scenario(write(tmp_path, text)))


def _kinds(events: list[Event]) -> list[str]:
    return [e.kind for e in events]


def test_a_unit_entering_a_zone_wakes_an_entered_zone_trigger_with_unit_filters(tmp_path: Path) -> None:
    game = _game(tmp_path, "  - id: crossed\n    when: entered_zone\n    if: {zone: north, unit: b1, unit_type: infantry}\n"
                 "    do:\n      - counter: {name: crossings, add: 1}\n")
    state, _ = game.start(1)
    events = game.apply(state, A.Move("b1", 4, 1))
    entered = [e for e in events if e.kind == "entered_zone"]
    assert [e.get("zone") for e in entered] == ["north"]
    assert "trigger" in _kinds(events) and state.counters == {"crossings": 1}


def test_entered_zone_is_not_emitted_when_no_trigger_waits_for_it(tmp_path: Path) -> None:
    game = _game(tmp_path, "")
    state, _ = game.start(1)
    assert "entered_zone" not in _kinds(game.apply(state, A.Move("b1", 4, 1)))


def test_any_and_not_group_conditions(tmp_path: Path) -> None:
    game = _game(tmp_path, "  - id: grouped\n    when: side_turn_start\n    once: false\n"
                 "    if: {any: [{side: red}, {turn_at_least: 3}], not: {phase: fight}}\n"
                 "    do:\n      - counter: {name: seen, add: 1}\n")
    state, _ = game.start(1)
    game.apply(state, A.EndTurn())  # red's turn starts: any holds, not holds
    assert state.counters == {"seen": 1}
    game.apply(state, A.EndTurn())  # turn 2, blue: neither branch of any
    assert state.counters == {"seen": 1}


def test_a_chance_draws_from_the_states_generator_so_a_replay_draws_the_same(tmp_path: Path) -> None:
    game = _game(tmp_path, "  - id: coin\n    when: side_turn_start\n    once: false\n    if: {chance: 0.5}\n"
                 "    do:\n      - counter: {name: heads, add: 1}\n")
    runs = []
    for _ in range(2):
        state, _ = game.start(7)
        for _ in range(6):
            game.apply(state, A.EndTurn())
        runs.append((state.counters.get("heads", 0), state.hash()))
    assert runs[0] == runs[1]
    assert 0 < runs[0][0] < 7


def test_spawn_remove_and_change_side(tmp_path: Path) -> None:
    game = _game(tmp_path, "  - id: muster\n    when: game_start\n    do:\n"
                 "      - spawn: {id: b9, type: infantry, faction: blue_army, at: [0, 4]}\n"
                 "      - change_side: {unit: r1, faction: blue_army}\n"
                 "      - remove_unit: {unit: b1, reason: Called away}\n")
    state, events = game.start(1)
    assert {"unit_spawned", "side_changed", "unit_removed"} <= set(_kinds(events))
    assert state.units["b9"].side == "blue" and state.units["b9"].cell == (0, 4)
    assert state.units["r1"].side == "blue" and state.units["b1"].status != "active"
    assert "b1" not in game.observe(state, "blue").units


def test_a_unit_that_changes_sides_watches_for_its_new_side_and_no_longer_for_its_old(tmp_path: Path) -> None:
    game = _game(tmp_path, "  - id: muster\n    when: game_start\n    do:\n"
                 "      - change_side: {unit: r1, faction: blue_army}\n")
    state, _ = game.start(1)
    for side in game.sides:
        mine = [u for u in state.units.values() if u.side == side and u.status == "active"]
        assert fog.viewers(state, side) == mine
        assert fog._eyes(game, state, side) == tuple((u.x, u.y, u.posture, u.underground, u.type) for u in mine)
    r1 = state.units["r1"]
    assert fog.spot_layer(game, state, "blue")[r1.y, r1.x]  # it stands among its new side's eyes


def test_blowing_the_bridge_changes_the_map_the_engine_plays_on(tmp_path: Path) -> None:
    game = _game(tmp_path, "  - id: blow\n    when: side_turn_end\n    if: {side: blue}\n    do:\n"
                 "      - set_terrain: {terrain: river, zone: crossing, reason: The bridge is blown}\n"
                 "      - narrate: {narration: blown, to: red}\n",
                 "  blown: {title: Bridge down, text: The bridge is gone.}\n")
    state, _ = game.start(1)
    game.apply(state, A.Move("b1", 4, 2))  # on the bridge
    events = game.apply(state, A.EndTurn())
    assert "terrain_changed" in _kinds(events)
    assert state.terrain == {"4,2": "river"} and state.units["b1"].cell != (4, 2)  # pushed off the river
    told = [e for e in events if e.kind == "narration"]
    assert told and told[0].visible_to("red") and not told[0].visible_to("blue")
    game.apply(state, A.EndTurn())
    across = (4, 3) if state.units["b1"].y < 2 else (4, 1)
    with pytest.raises(IllegalAction):
        game.apply(state, A.Move("b1", *across))  # no way across now
    copy = state.copy()
    assert copy.terrain == state.terrain and copy.hash() == state.hash()
    assert State.from_dict(state.to_dict()).hash() == state.hash()  # a save keeps the blown bridge


def test_allied_units_never_attack_each_other(tmp_path: Path) -> None:
    text = edit("  blue: {name: Blue, rally_zone: south}", "  blue: {name: Blue, rally_zone: south, allies: [red]}",
                edit("  red: {name: Red}", "  red: {name: Red, allies: [blue]}",
                     edit("{id: b1, type: infantry, faction: blue_army, at: [0, 4]}",
                          "{id: b1, type: infantry, faction: blue_army, at: [1, 1]}")))
    game = Game(load_scenario(write(tmp_path, text)))
    state, _ = game.start(1)
    obs = game.observe(state, "blue")
    assert "r1" in obs.units and obs.enemies() == []
    with pytest.raises(IllegalAction, match="is an ally"):
        game.apply(state, A.Attack("b1", "r1"))
