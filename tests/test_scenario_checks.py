"""The holes of format v1 are located errors now: each test breaks the minimal scenario one way and
reads the one message a designer gets, and where it points."""

from __future__ import annotations

from pathlib import Path

from scenario_text import MINIMAL, edit, line_of, only, problems, write

from game.scenario.checks.mapgrid import MAX_CELLS
from game.scenario.validate import check_file


def test_a_nan_number_is_refused_where_it_is_written(tmp_path: Path) -> None:
    text = edit("win_at: 10, lose_below: 0}\n  red", "win_at: .nan, lose_below: 0}\n  red")
    d = only(problems(tmp_path, text))
    assert d.path == "victory.blue.win_at" and "nan is not a finite number" in d.message
    assert d.mark.line == line_of(text, ".nan")


def test_win_at_below_lose_below_contradicts_itself(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("win_at: 10, lose_below: 0}\n  red", "win_at: 5, lose_below: 8}\n  red")))
    assert d.path == "victory.blue.win_at" and "win_at 5 is below lose_below 8" in d.message


def test_a_declaration_lost_above_what_it_needs_would_be_undone_at_once(tmp_path: Path) -> None:
    text = edit("victory:\n", "declarations:\n  blue: {zone: town, min_control: 0.3, lost_below: 0.6, points: 1}\n"
                "victory:\n")
    d = only(problems(tmp_path, text))
    assert d.path == "declarations.blue.lost_below" and "undone the moment it is made" in d.message


def test_an_arrival_date_before_the_start_is_refused(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("arrives: {turn: 2, zone: south}", "arrives: {date: '2016-11-06', zone: south}")))
    assert d.path == "units[1].arrives.date" and "before the game starts" in d.message


def test_date_from_after_date_until_can_never_happen(tmp_path: Path) -> None:
    text = edit("if: {phase: opening}", "if: {phase: opening, date_from: '2017-11-07', date_until: '2017-11-06T18:00'}")
    d = only(problems(tmp_path, text))
    assert d.path == "triggers[1].if.date_until" and "before date_from" in d.message


def test_a_waiting_unit_that_no_trigger_brings_in_can_never_arrive(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("arrives: {turn: 2, zone: south}", "arrives: {zone: south}")))
    assert d.path == "units[1].arrives" and "can never arrive" in d.message and "reinforce: [b2]" in d.message


def test_an_arrival_zone_that_is_all_river_is_refused(tmp_path: Path) -> None:
    text = edit("  south: {name: South bank", "  ford: {name: Ford, rects: [[0, 2, 7, 2]]}\n  south: {name: South bank")
    d = only(problems(tmp_path, edit("arrives: {turn: 2, zone: south}", "arrives: {turn: 2, zone: ford}", text)))
    assert d.path == "units[1].arrives.zone" and "no cell a unit can stand on" in d.message


def test_morale_above_the_types_is_refused_rather_than_cut_back_silently(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("at: [0, 4]}", "at: [0, 4], morale: 95}")))
    assert d.path == "units[0].morale" and "above the morale 70" in d.message and "cut back" in d.message


def test_an_ambush_for_a_side_without_tunnel_units_can_never_fire(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("if: {phase: opening}", "if: {phase: opening, side: blue, ambush: true}")))
    assert d.path == "triggers[1].if.side" and "no unit of side 'blue' has the 'tunnels' ability" in d.message


def test_tunnel_found_in_a_zone_without_nodes_can_never_fire(tmp_path: Path) -> None:
    text = edit("when: combat\n    if: {phase: opening}", "when: tunnel_found\n    if: {side: blue, zone: south}")
    text = edit("  south: {name: South bank, rects: [[0, 3, 7, 4]]}", "  south: {name: South bank, rects: [[0, 4, 7, 4]]}",
                text)
    d = only(problems(tmp_path, text))
    assert d.path == "triggers[1].if.zone" and "has no tunnel node to find" in d.message


def test_withdrawn_for_a_side_without_a_withdraw_zone_can_never_fire(tmp_path: Path) -> None:
    text = edit("victory:\n", "declarations:\n  blue: {zone: town, min_control: 0.5, points: 1, withdraw_zone: south}\n"
                "  red: {zone: town, min_control: 0.5, points: 1}\nvictory:\n")
    text = edit("when: combat\n    if: {phase: opening}", "when: withdrawn\n    if: {side: red}", text)
    d = only(problems(tmp_path, text))
    assert d.path == "triggers[1].if.side" and "no declaration with a 'withdraw_zone'" in d.message


def test_map_rows_without_a_bar_are_told_to_use_one(tmp_path: Path) -> None:
    text = edit("  rows: |\n", "  rows:\n")
    d = only(problems(tmp_path, text))
    assert d.path == "map.rows" and "write 'rows: |'" in d.message


def test_trailing_spaces_on_the_first_row_are_named_and_the_other_rows_are_not_blamed(tmp_path: Path) -> None:
    text = edit("    ........\n    ..##", "    ........  \n    ..##")
    d = only(problems(tmp_path, text))
    assert d.path == "map.rows[0]" and "ends with 2 spaces" in d.message
    assert d.mark.line == line_of(text, "........  ") and d.mark.column == 13


def test_a_map_above_the_size_limit_is_refused_naming_the_limit(tmp_path: Path) -> None:
    rows = "\n".join("    " + "." * 500 for _ in range(400))
    text = MINIMAL.replace(MINIMAL[MINIMAL.index("  rows: |\n") + 10:MINIMAL.index("zones:")], rows + "\n")
    found = [p for p in problems(tmp_path, text) if p.path == "map.rows"]
    assert len(found) == 1 and f"at most {MAX_CELLS:,} cells" in found[0].message and "500 x 400" in found[0].message


def test_a_map_256_wide_validates(tmp_path: Path) -> None:
    text = MINIMAL.replace("........\n", "." * 256 + "\n").replace("..##....\n", "..##" + "." * 252 + "\n") \
        .replace("~~~~~~~~\n", "~" * 256 + "\n").replace("....##..\n", "....##" + "." * 250 + "\n")
    assert check_file(write(tmp_path, text)) == []


def test_a_counter_no_effect_changes_is_reported(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("if: {phase: opening}", "if: {phase: opening, counter: {name: raids, at_least: 1}}")))
    assert d.path == "triggers[1].if.counter.name" and "no effect ever changes the counter 'raids'" in d.message


def test_a_spawned_unit_needs_a_free_id_and_a_once_trigger(tmp_path: Path) -> None:
    text = edit("      - set_phase: fight", "      - spawn: {id: b1, type: infantry, faction: blue_army, at: [1, 4]}")
    text = edit("    if: {phase: opening}\n", "    if: {phase: opening}\n    once: false\n", text)
    found = problems(tmp_path, text)
    assert {p.path for p in found} == {"triggers[1].do[0].spawn.id"}
    assert any("already exists" in p.message for p in found) and any("once: true" in p.message for p in found)


def test_allies_must_name_each_other(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("  blue: {name: Blue, rally_zone: south}", "  blue: {name: Blue, rally_zone: south, "
                                     "allies: [red]}")))
    assert d.path == "sides.blue.allies[0]" and "alliances go both ways" in d.message


def test_remove_true_outside_a_what_if_is_refused(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("  - id: contact\n", "  - id: contact\n    remove: true\n")))
    assert d.path == "triggers[1].remove" and "this file extends nothing" in d.message


def test_an_effect_with_two_verbs_is_one_message(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("      - set_phase: fight", "      - {set_phase: fight, narrate: intro}")))
    assert "exactly one key" in d.message and "set_phase, narrate" in d.message


def test_a_terrain_symbol_of_two_characters_is_refused_as_such(tmp_path: Path) -> None:
    found = problems(tmp_path, edit('open: {char: "."', 'open: {char: ".."'))
    d = next(p for p in found if p.path == "terrain.open.char")
    assert d.message == "expected one character, found '..' (2 characters)"
