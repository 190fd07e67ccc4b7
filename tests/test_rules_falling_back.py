"""Broken units: they fall back toward their side's rally zone, never onto ground an enemy holds."""

from tiny import tiny

from game.engine import actions as A


def _break_and_fall_back(rows: str, units: list[str], unit: str):
    game, state = tiny(rows, units)
    state.units[unit].broken = True
    state.units[unit].morale = 0  # far from rallying
    game.apply(state, A.EndTurn())  # blue ends; red ends without moving: blue's next turn starts
    events = game.apply(state, A.EndTurn())
    return game, state, events


def test_a_broken_unit_never_falls_back_onto_a_rally_cell_an_enemy_holds():
    game, state, _ = _break_and_fall_back("....\n....", ["b inf blue 3,0", "r inf red 0,0"], "b")
    b, r = state.units["b"], state.units["r"]
    assert b.cell != r.cell, "two sides never share a cell"
    assert b.cell == (0, 1), "it falls back onto the free cell of the rally zone"


def test_a_broken_unit_with_every_rally_cell_held_by_the_enemy_stays_off_them():
    game, state, _ = _break_and_fall_back("....", ["b inf blue 3,0", "r inf red 0,0"], "b")
    assert state.units["b"].cell != state.units["r"].cell
    assert state.units["b"].cell != (0, 0)


def test_a_broken_unit_falls_back_along_a_free_path_at_the_start_of_its_turn():
    game, state, events = _break_and_fall_back("........", ["b inf blue 4,0", "r inf red 7,0"], "b")
    moves = [e for e in events if e.kind == "move" and e.get("unit") == "b"]
    assert moves and moves[0].get("retreat") and state.units["b"].x < 4
