"""What a designer is told when a scenario file is wrong: one test per kind of mistake.

Each test breaks the minimal scenario in ``scenario_text`` in one way and checks the message
names the file, the line and column, the path inside the document, what was expected and what
was found.
"""

from __future__ import annotations

import copy
import random
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scenario_text import MINIMAL, column_of, edit, line_of, only, problems, write

from game.scenario import yamlload
from game.scenario.errors import ScenarioError
from game.scenario.validate import build, check_data, check_file, load_scenario


def test_the_minimal_scenario_is_valid(tmp_path: Path) -> None:
    assert problems(tmp_path, MINIMAL) == []


# --- syntax -------------------------------------------------------------------------------------

def test_a_key_indented_one_space_too_far_is_a_syntax_error_on_that_line(tmp_path: Path) -> None:
    text = edit("  town: {char", "   town: {char")
    d = only(problems(tmp_path, text))
    assert (d.mark.file, d.mark.line) == (str(tmp_path / "mine.yaml"), line_of(text, "   town: {char"))
    assert "not indented like the keys around it" in d.message
    assert "starts at line 7" in d.message


def test_a_tab_used_for_indentation_is_named_as_a_tab_with_its_line_and_column(tmp_path: Path) -> None:
    text = edit("  red: {name: Red}", "\tred: {name: Red}")
    d = only(problems(tmp_path, text))
    assert (d.mark.line, d.mark.column) == (line_of(text, "\tred:"), 1)
    assert "tab" in d.message and "spaces" in d.message


def test_an_unclosed_bracket_is_reported_where_it_opens_and_where_it_was_noticed(tmp_path: Path) -> None:
    text = edit("turn_order: [blue, red]", "turn_order: [blue, red")
    d = only(problems(tmp_path, text))
    assert (d.mark.line, d.mark.column) == (line_of(text, "turn_order:"), column_of(text, "[blue, red"))
    assert "'[' list is never closed with ']'" in d.message
    assert f"noticed at line {line_of(text, 'turn_order:') + 1}" in d.message


def test_an_unclosed_brace_has_its_own_message(tmp_path: Path) -> None:
    text = edit("red: {name: Red}", "red: {name: Red")
    d = only(problems(tmp_path, text))
    assert d.mark.line == line_of(text, "red: {name: Red")
    assert "'{' mapping is never closed with '}'" in d.message


def test_an_unterminated_string_points_at_its_opening_quote_not_at_the_end_of_the_file(tmp_path: Path) -> None:
    text = edit("title: A minimal test scenario", "title: 'A minimal test scenario")
    d = only(problems(tmp_path, text))
    assert (d.mark.line, d.mark.column) == (3, column_of(text, "'A minimal"))
    assert "quoted text is never closed" in d.message and "closing '" in d.message


def test_each_syntax_mistake_has_a_different_message(tmp_path: Path) -> None:
    broken = [edit("  town: {char", "   town: {char"), edit("  red: {name: Red}", "\tred: {name: Red}"),
              edit("turn_order: [blue, red]", "turn_order: [blue, red"),
              edit('color: "#aa2222"', 'color: "#aa2222')]
    messages = {only(problems(tmp_path, t)).message.split(" (")[0] for t in broken}
    assert len(messages) == len(broken)


def test_a_line_without_a_colon_inside_a_mapping_asks_for_key_and_value(tmp_path: Path) -> None:
    text = edit("author_placeholder", "", MINIMAL.replace("title: A minimal test scenario\n",
                                                          "title: A minimal test scenario\njust some words\n")
                + "author_placeholder")
    d = only(problems(tmp_path, text))
    assert d.mark.line == line_of(text, "just some words")
    assert "neither 'key: value' nor a list item" in d.message


def test_a_reserved_character_at_the_start_of_a_value_asks_for_quotes(tmp_path: Path) -> None:
    text = edit("title: A minimal test scenario", "title: @home")
    d = only(problems(tmp_path, text))
    assert (d.mark.line, d.mark.column) == (3, 8)
    assert "'@' cannot start a value" in d.message and "quotes" in d.message


# --- not a scenario at all ----------------------------------------------------------------------

def test_an_empty_file_is_called_empty(tmp_path: Path) -> None:
    assert "the file is empty" in only(problems(tmp_path, "")).message


def test_a_file_of_only_comments_is_called_empty(tmp_path: Path) -> None:
    assert "the file is empty" in only(problems(tmp_path, "# a scenario, one day\n\n")).message


@pytest.mark.parametrize(("text", "found"), [("- id: mini\n- title: x\n", "found a list"),
                                              ("just a sentence\n", "found a single value")])
def test_a_file_that_is_not_a_mapping_says_what_it_is(tmp_path: Path, text: str, found: str) -> None:
    d = only(problems(tmp_path, text))
    assert "a scenario must be a mapping" in d.message and found in d.message
    assert (d.mark.line, d.mark.column) == (1, 1)


def test_invalid_utf8_is_reported_with_the_byte_and_its_line(tmp_path: Path) -> None:
    raw = MINIMAL.encode().replace(b"Blue army", b"Blue \xff army")
    d = only(problems(tmp_path, raw))
    assert d.mark.line == line_of(MINIMAL, "Blue army")
    assert "not valid UTF-8" in d.message and "0xff" in d.message


def test_binary_junk_is_called_not_a_text_file(tmp_path: Path) -> None:
    junk = random.Random(3).randbytes(5000)
    assert "not a text file" in only(problems(tmp_path, junk)).message


def test_binary_junk_without_nul_bytes_is_refused_too(tmp_path: Path) -> None:
    junk = bytes(b for b in random.Random(4).randbytes(5000) if b and b < 0x80)  # ASCII control soup
    d = only(problems(tmp_path, junk))
    assert "control character" in d.message and d.mark.line >= 1


def test_a_utf16_file_is_asked_to_be_saved_as_utf8(tmp_path: Path) -> None:
    d = only(problems(tmp_path, MINIMAL.encode("utf-16")))
    assert "UTF-16" in d.message and "save it as UTF-8" in d.message


def test_a_missing_file_and_a_folder_are_plain_messages(tmp_path: Path) -> None:
    assert "no such file" in only(check_file(tmp_path / "nothere.yaml")).message
    assert "folder" in only(check_file(tmp_path)).message


# --- shape and types ----------------------------------------------------------------------------

def test_a_misspelt_key_is_reported_once_with_a_suggestion_and_the_keys_allowed(tmp_path: Path) -> None:
    text = edit("turn_hours: 12", "turn_hour: 12")
    d = only(problems(tmp_path, text))
    assert d.path == "calendar.turn_hour"
    assert (d.mark.line, d.mark.column) == (line_of(text, "turn_hour:"), column_of(text, "turn_hour:"))
    assert "unknown key 'turn_hour' (did you mean 'turn_hours'?)" in d.message
    assert "expected one of: start, turn_hours, turns" in d.message


def test_an_unknown_key_inside_a_unit_names_the_unit_path(tmp_path: Path) -> None:
    text = edit("{id: b1, type: infantry,", "{id: b1, typ: infantry, type: infantry,")
    d = only(problems(tmp_path, text))
    assert d.path == "units[0].typ" and "did you mean 'type'?" in d.message


def test_a_missing_required_key_says_what_it_is_for(tmp_path: Path) -> None:
    text = edit("turn_order: [blue, red]\n", "")
    d = only(problems(tmp_path, text))
    assert d.path == "" and "missing key 'turn_order'" in d.message and "order they move" in d.message


def test_a_wrong_type_says_what_was_expected_and_what_was_found(tmp_path: Path) -> None:
    text = edit("strength: 4, move: 3", "strength: four, move: 3")
    d = only(problems(tmp_path, text))
    assert d.path == "unit_types.infantry.strength"
    assert (d.mark.line, d.mark.column) == (line_of(text, "four"), column_of(text, "four"))
    assert "expected a whole number, found the text 'four'" in d.message


def test_a_number_out_of_range_gives_the_bound(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("turns: 4}", "turns: 0}")))
    assert d.path == "calendar.turns" and "expected at least 1, found 0" in d.message


def test_a_cell_with_three_numbers_says_a_cell_has_two(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("at: [0, 4]", "at: [0, 4, 1]")))
    assert d.path == "units[0].at" and "expected a list of 2 numbers, found 3" in d.message


def test_an_id_with_capitals_is_refused_with_the_rule_for_ids(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("id: mini", "id: Mini")))
    assert d.path == "id" and "'Mini' is not a valid id" in d.message and "lower-case" in d.message


def test_an_unknown_effect_verb_gets_a_suggestion_and_the_list_of_verbs(tmp_path: Path) -> None:
    text = edit("- set_phase: fight", "- set_phsae: fight")
    d = only(problems(tmp_path, text))
    assert d.path == "triggers[1].do[0].set_phsae" and d.mark.line == line_of(text, "set_phsae")
    assert "unknown effect 'set_phsae' (did you mean 'set_phase'?)" in d.message and "narrate" in d.message


def test_an_unquoted_colour_in_braces_hides_the_closing_brace_and_the_message_says_why(tmp_path: Path) -> None:
    text = edit('color: "#2255aa"', "color: #2255aa")
    d = only(problems(tmp_path, text))
    assert d.mark.line == line_of(text, "#2255aa")
    assert "never closed" in d.message and "starts a comment" in d.message and "in quotes" in d.message


def test_an_unquoted_colour_on_its_own_line_reads_as_nothing_and_the_message_says_why(tmp_path: Path) -> None:
    text = edit('  red: {name: Red}', '  red:\n    name: Red\n    color: #aa2222')
    d = only(problems(tmp_path, text))
    assert d.path == "sides.red.color" and d.mark.line == line_of(text, "color: #aa2222")
    assert "found nothing (null)" in d.message and "comment" in d.message and "quotes" in d.message


# --- YAML 1.1 surprises -------------------------------------------------------------------------

def test_a_bare_no_read_as_false_is_caught_with_a_hint_to_quote_it(tmp_path: Path) -> None:
    text = edit("red: {name: Red}", "red: {name: no}")
    d = only(problems(tmp_path, text))
    assert d.path == "sides.red.name"
    assert "'no' is the boolean false to a YAML 1.1 reader" in d.message and "put it in quotes" in d.message


def test_a_version_like_1_10_read_as_the_number_1_1_is_caught_with_a_hint(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("title: A minimal test scenario", "title: 1.10")))
    assert "found the number 1.1" in d.message and "1.10" in d.message and "quotes" in d.message


def test_on_as_a_key_stays_the_text_on(tmp_path: Path) -> None:
    data = yamlload.loads_located("on: game_start\nyes: 1\n")
    assert list(data) == ["on", "yes"]


def test_a_bare_on_as_a_value_is_refused_because_yaml_1_1_and_1_2_read_it_differently(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("when: combat", "when: on")))
    assert d.path == "triggers[1].when" and "the boolean true to a YAML 1.1 reader" in d.message
    assert "quotes" in d.message


# --- duplicates ---------------------------------------------------------------------------------

def test_a_duplicate_key_is_an_error_naming_both_lines(tmp_path: Path) -> None:
    text = edit("id: mini\n", "id: mini\nid: other\n")
    d = only(problems(tmp_path, text))
    assert d.path == "id" and d.mark.line == line_of(text, "id: other")
    assert "duplicate key 'id' (first written at line 2)" in d.message


def test_a_duplicate_zone_id_is_a_duplicate_key(tmp_path: Path) -> None:
    text = edit("  south: {name: South bank", "  town: {name: Second town, rects: [[0, 0, 1, 0]]}\n  south: {name: South bank")
    d = only(problems(tmp_path, text))
    assert d.path == "zones.town" and "duplicate key 'town'" in d.message


def test_two_units_with_one_id_are_refused_naming_both(tmp_path: Path) -> None:
    text = edit("{id: r1,", "{id: b1,")
    d = only(problems(tmp_path, text))
    assert d.path == "units[2].id" and d.mark.line == line_of(text, "{id: b1, type: infantry, faction: red")
    assert "duplicate id 'b1' (also units[0])" in d.message


def test_two_triggers_with_one_id_are_refused(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("- id: contact", "- id: start")))
    assert d.path == "triggers[1].id" and "duplicate id 'start'" in d.message


# --- references ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "path", "what", "suggestion"), [
    ("type: infantry, faction: red", "type: infantri, faction: red", "units[2].type", "unit type 'infantri'", "infantry"),
    ("faction: red_militia, at", "faction: red_militai, at", "units[2].faction", "faction 'red_militai'", "red_militia"),
    ("arrives: {turn: 2, zone: south}", "arrives: {turn: 2, zone: suoth}", "units[1].arrives.zone", "zone 'suoth'", "south"),
    ("tunnel: north_exit}", "tunnel: north_exitt}", "units[3].tunnel", "tunnel node 'north_exitt'", "north_exit"),
    ("set_phase: fight", "set_phase: fihgt", "triggers[1].do[0].set_phase", "phase 'fihgt'", "fight"),
    ("if: {phase: opening}", "if: {phase: openin}", "triggers[1].if.phase", "phase 'openin'", "opening"),
    ("narrate: intro", "narrate: intra", "triggers[0].do[0].narrate", "narration 'intra'", "intro"),
    ("side: blue, name: Blue army", "side: bleu, name: Blue army", "factions.blue_army.side", "side 'bleu'", "blue"),
])
def test_a_reference_to_an_unknown_id_names_it_suggests_the_nearest_and_lists_the_defined_ones(
        tmp_path: Path, old: str, new: str, path: str, what: str, suggestion: str) -> None:
    text = edit(old, new)
    d = only(problems(tmp_path, text))
    assert d.path == path
    assert d.mark.line == line_of(text, new)
    assert f"unknown {what} (did you mean '{suggestion}'?)" in d.message
    assert "defined" in d.message


# --- the map ------------------------------------------------------------------------------------

def test_a_unit_placed_on_the_river_is_refused_naming_the_unit_and_the_line(tmp_path: Path) -> None:
    text = edit("at: [0, 4]", "at: [0, 2]")
    d = only(problems(tmp_path, text))
    assert d.path == "units[0].at" and d.mark.line == line_of(text, "at: [0, 2]")
    assert "unit 'b1' at [0, 2] is on impassable terrain (River)" in d.message


def test_a_unit_off_the_map_is_refused_with_the_map_size(tmp_path: Path) -> None:
    text = edit("at: [0, 4]", "at: [8, 4]")
    d = only(problems(tmp_path, text))
    assert (d.path, d.mark.line, d.mark.column) == ("units[0].at", line_of(text, "at: [8, 4]"), column_of(text, "[8, 4]"))
    assert "unit 'b1' at [8, 4] is off the map (the map is 8 wide, x 0-7, and 5 tall, y 0-4)" in d.message


def test_a_tunnel_node_in_the_river_is_refused(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("south_exit: {at: [4, 3]}", "south_exit: {at: [4, 2]}")))
    assert d.path == "tunnels.nodes.south_exit.at" and "impassable" in d.message


def test_a_zone_corner_off_the_map_is_refused(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("rects: [[0, 3, 7, 4]]", "rects: [[0, 3, 9, 4]]")))
    assert d.path == "zones.south.rects[0]" and "off the map" in d.message


def test_a_map_row_of_the_wrong_width_names_the_row_and_its_line(tmp_path: Path) -> None:
    text = edit("    ..##....\n", "    ..##.....\n")
    d = only(problems(tmp_path, text))
    assert (d.path, d.mark.line) == ("map.rows[1]", line_of(text, "..##....."))
    assert "map row 1 has 9 cells; the first row has 8" in d.message


def test_a_character_missing_from_the_legend_is_located_to_its_column(tmp_path: Path) -> None:
    text = edit("    ....##..\n", "    ....#x..\n")
    d = only(problems(tmp_path, text))
    assert (d.mark.line, d.mark.column) == (line_of(text, "#x"), column_of(text, "x.."))
    assert "'x' at cell [5, 3] is not in the terrain legend" in d.message


# --- tunnels and triggers -----------------------------------------------------------------------

def test_a_tunnel_from_a_node_to_itself_connects_nothing(tmp_path: Path) -> None:
    found = problems(tmp_path, edit("- [north_exit, south_exit]", "- [north_exit, north_exit]"))
    messages = " | ".join(d.message for d in found)
    assert "connects 'north_exit' to itself, so it connects nothing" in messages
    assert "tunnel node 'south_exit' is not linked to any other node" in messages


def test_a_tunnel_node_without_links_is_refused(tmp_path: Path) -> None:
    text = edit("    south_exit: {at: [4, 3]}\n", "    south_exit: {at: [4, 3]}\n    lonely: {at: [7, 4]}\n")
    d = only(problems(tmp_path, text))
    assert d.path == "tunnels.nodes.lonely" and d.mark.line == line_of(text, "lonely")
    assert "not linked to any other node" in d.message


def test_a_link_to_an_unknown_node_suggests_the_nearest(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("- [north_exit, south_exit]", "- [north_exit, south_exti]")))
    assert d.path == "tunnels.links[0][1]" and "did you mean 'south_exit'?" in d.message


@pytest.mark.parametrize(("old", "new", "path", "reason"), [
    ("if: {phase: opening}", "if: {turn_at_least: 9}", "triggers[1].if.turn_at_least",
     "turn 9 is after the last turn (4)"),
    ("if: {phase: opening}", "if: {phase: fight}", "triggers[1].if.phase", "the game never enters phase 'fight'"),
    ("if: {phase: opening}", "if: {turn_at_least: 3, turn_at_most: 2}", "triggers[1].if",
     "turn_at_least 3 is after turn_at_most 2"),
    ("if: {phase: opening}", "if: {date_from: '2017-12-01'}", "triggers[1].if.date_from", "after the last turn starts"),
    ("when: combat\n    if: {phase: opening}", "when: control\n    if: {side: blue}", "triggers[1].if.side",
     "'control' events carry no side"),
    ("when: combat\n    if: {phase: opening}", "when: turn_start\n    if: {zone: town}", "triggers[1].if.zone",
     "'turn_start' events carry no cell"),
    ("when: combat\n    if: {phase: opening}", "when: victory_declared", "triggers[1].when", "no side may declare victory"),
    ("when: combat\n    if: {phase: opening}", "when: withdrawn", "triggers[1].when", "no declaration has a 'withdraw_zone'"),
    ("if: {phase: opening}", "if: {declared: blue}", "triggers[1].if.declared", "side 'blue' has no entry in 'declarations'"),
    ("if: {phase: opening}", "if: {phase_turns_at_least: 4}", "triggers[1].if.phase_turns_at_least",
     "a phase cannot last 4 turns in a game of 4"),
    ("if: {phase: opening}", "if: {control: {side: blue, zone: town, at_least: 0.8, at_most: 0.2}}", "triggers[1].if.control",
     "at_least 0.8 is above at_most 0.2"),
])
def test_a_trigger_that_can_never_fire_is_refused_with_the_reason(
        tmp_path: Path, old: str, new: str, path: str, reason: str) -> None:
    d = only(problems(tmp_path, edit(old, new)))
    assert d.path == path
    assert "trigger 'contact' can never fire" in d.message or "can never happen" in d.message
    assert reason in d.message


def test_a_night_condition_in_a_calendar_without_nights_can_never_fire(tmp_path: Path) -> None:
    text = edit("turn_hours: 12", "turn_hours: 24", edit("if: {phase: opening}", "if: {night: true}"))
    d = only(problems(tmp_path, text))
    assert d.path == "triggers[1].if.night" and "no turn of this calendar is a night turn" in d.message


def test_a_trigger_waiting_for_the_arrival_of_a_unit_the_scenario_lacks_points_at_the_unit(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("if: {phase: opening}", "if: {arrived: [b2, b3]}")))
    assert d.path == "triggers[1].if.arrived[1]" and "unknown unit 'b3'" in d.message
    assert problems(tmp_path, edit("if: {phase: opening}", "if: {arrived: [b2]}")) == []


def test_a_phase_list_with_one_reachable_phase_can_fire(tmp_path: Path) -> None:
    assert problems(tmp_path, edit("if: {phase: opening}", "if: {phase: [opening, fight]}")) == []


# --- hostile files ------------------------------------------------------------------------------

def test_a_python_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = edit("title: A minimal test scenario", f"title: !!python/object/apply:os.system ['touch {marker}']")
    d = only(problems(tmp_path, text))
    assert not marker.exists()
    assert (d.path, d.mark.line) == ("title", 3)
    assert "the tag '!!python/object/apply:os.system' is not allowed" in d.message and "never run" in d.message


@pytest.mark.parametrize("tagged", ["!!python/name:os.system ''", "!shout hello", "!!binary aGVsbG8=", "!!set {a, b}"])
def test_every_tag_outside_plain_data_is_refused(tmp_path: Path, tagged: str) -> None:
    d = only(problems(tmp_path, edit("title: A minimal test scenario", f"title: {tagged}")))
    assert "is not allowed" in d.message


def test_a_standard_str_tag_is_plain_data(tmp_path: Path) -> None:
    assert problems(tmp_path, edit("title: A minimal test scenario", "title: !!str 1.10")) == []


def test_an_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    start = time.perf_counter()
    d = only(problems(tmp_path, "\n".join(lines) + "\n"))
    assert time.perf_counter() - start < 1.0
    assert "expands to more than 200,000 values" in d.message and "refused" in d.message


def test_an_alias_inside_its_own_anchor_is_refused(tmp_path: Path) -> None:
    assert "refers to the list or mapping that contains it" in only(problems(tmp_path, "a: &a [*a]\n")).message


@pytest.mark.parametrize("deep", ["a: " + "[" * 200 + "]" * 200 + "\n",
                                  "".join(" " * i + "k:\n" for i in range(120)) + " " * 120 + "v: 1\n",
                                  "".join(" " * i + "-\n" for i in range(1200)) + " " * 1200 + "- 1\n"])
def test_deep_nesting_is_refused_quickly(tmp_path: Path, deep: str) -> None:
    start = time.perf_counter()
    d = only(problems(tmp_path, deep))
    assert time.perf_counter() - start < 1.0
    assert "nested" in d.message and "64" in d.message


def test_a_huge_file_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    start = time.perf_counter()
    d = only(problems(tmp_path, "notes: " + "x" * (yamlload.MAX_BYTES + 1) + "\n"))
    assert time.perf_counter() - start < 1.0
    assert "a scenario may be at most 2,000,000 bytes" in d.message


# --- many mistakes at once ----------------------------------------------------------------------

def test_all_errors_are_reported_in_one_run_in_file_order(tmp_path: Path) -> None:
    text = edit("turn_hours: 12", "turn_hour: 12",
                edit("at: [0, 4]", "at: [0, 2]", edit("type: infantry, faction: red", "type: infantri, faction: red")))
    found = problems(tmp_path, text)
    assert [d.path for d in found] == ["calendar.turn_hour", "units[0].at", "units[2].type"]
    assert [d.mark.line for d in found] == sorted(d.mark.line for d in found)


def test_a_duplicate_key_and_a_semantic_error_are_reported_together(tmp_path: Path) -> None:
    text = edit("id: mini\n", "id: mini\nid: other\n", edit("at: [0, 4]", "at: [0, 2]"))
    assert {d.path for d in problems(tmp_path, text)} == {"id", "units[0].at"}


def test_every_message_names_file_line_column_and_path(tmp_path: Path) -> None:
    text = edit("turn_hours: 12", "turn_hour: 12", edit("at: [0, 4]", "at: [9, 9]"))
    for d in problems(tmp_path, text):
        assert str(d).startswith(f"{tmp_path / 'mine.yaml'}:{d.mark.line}:{d.mark.column}: {d.path}: ")
        assert d.mark.line > 0 and d.mark.column > 0


def test_load_scenario_raises_one_error_carrying_every_diagnostic(tmp_path: Path) -> None:
    text = edit("turn_hours: 12", "turn_hour: 12", edit("at: [0, 4]", "at: [0, 2]"))
    with pytest.raises(ScenarioError) as e:
        load_scenario(write(tmp_path, text))
    assert len(e.value.diagnostics) == 2 and e.value.report().endswith("2 errors found.")


# --- what-ifs -----------------------------------------------------------------------------------

def _base_and(tmp_path: Path, variant: str) -> list:
    write(tmp_path, MINIMAL, "base.yaml")
    return problems(tmp_path, "extends: base.yaml\nid: mini_whatif\ntitle: A what-if\n" + variant, "whatif.yaml")


def test_a_what_if_that_removes_an_id_the_base_lacks_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    d = only(_base_and(tmp_path, "units:\n  - {id: r22, remove: true}\n"))
    assert d.mark.file.endswith("whatif.yaml") and d.mark.line == 5 and d.path == "units[0].id"
    assert "cannot remove 'r22': the scenario this extends has no such id (did you mean 'r2'?)" in d.message


def test_a_what_if_that_changes_one_id_twice_is_refused(tmp_path: Path) -> None:
    d = only(_base_and(tmp_path, "units:\n  - {id: b1, at: [1, 4]}\n  - {id: b1, at: [2, 4]}\n"))
    assert d.mark.line == 6 and "changed twice" in d.message


def test_a_what_if_unit_with_a_misspelt_id_is_told_it_became_a_new_unit(tmp_path: Path) -> None:
    d = only(_base_and(tmp_path, "units:\n  - {id: b11, at: [1, 4]}\n"))
    assert d.mark.file.endswith("whatif.yaml") and d.mark.line == 5
    assert "has no 'type' and no 'faction' (did you mean 'b1'?" in d.message


def test_a_mistake_in_a_what_if_points_into_the_what_if(tmp_path: Path) -> None:
    d = only(_base_and(tmp_path, "units:\n  - {id: b1, at: [0, 2]}\n"))
    assert d.mark.file.endswith("whatif.yaml") and d.mark.line == 5 and "impassable" in d.message


def test_a_what_if_without_an_id_of_its_own_is_refused(tmp_path: Path) -> None:
    write(tmp_path, MINIMAL, "base.yaml")
    d = only(problems(tmp_path, "extends: base.yaml\ntitle: Same id\n", "whatif.yaml"))
    assert d.path == "id" and "a what-if needs an 'id' of its own" in d.message


def test_extending_a_missing_scenario_lists_the_bundled_ones(tmp_path: Path) -> None:
    d = only(problems(tmp_path, "extends: abu_kamal_2071\nid: x\n"))
    assert (d.path, d.mark.line) == ("extends", 1)
    assert "cannot find the scenario 'abu_kamal_2071'" in d.message and "did you mean 'abu_kamal_2017'?" in d.message


def test_what_ifs_that_extend_each_other_in_a_circle_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "extends: b.yaml\nid: a\n", "a.yaml")
    write(tmp_path, "extends: a.yaml\nid: b\n", "b.yaml")
    d = only(check_file(tmp_path / "a.yaml"))
    assert "goes round in a circle: a.yaml -> b.yaml -> a.yaml" in d.message


# --- robustness: any value of the wrong kind gets a diagnostic, never an exception --------------

def _paths(x: Any, p: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [p] if p else []
    if isinstance(x, dict):
        for k, v in x.items():
            out += _paths(v, (*p, k))
    elif isinstance(x, list):
        for i, v in enumerate(x):
            out += _paths(v, (*p, i))
    return out


def _has(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and part < len(node)


_BASE = yamlload.loads_located(MINIMAL, "mini.yaml")
_PATHS = _paths(_BASE)
_ODD_VALUES = [None, 0, -1, 7, 0.5, True, "", "x", "town", "blue", "b1", "north_exit", "opening", "all",
               "2017-13-40", [], [0, 0], [9, 9], [1, 2, 3, 4], [[1]], {}, {"a": 1}]


# Fields the format lets take either of two kinds (so a change between them is no mistake).
_UNIONS = [(("terrain", None, "move_cost"), {"number", "null"}), (("tunnels", "known_to", None), {"str", "list"}),
           (("triggers", None, "if", "phase"), {"str", "list"})]


def _kind(v: Any) -> str:
    for name, types in (("null", type(None)), ("bool", bool), ("number", (int, float)), ("str", str),
                        ("list", list), ("dict", dict)):
        if isinstance(v, types):
            return name
    return type(v).__name__


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


def _dotted(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


def _another_kind(path: tuple[Any, ...], value: Any) -> bool:
    """Whether ``value`` is of a kind the field at ``path`` does not take."""
    if value == "<drop>" or _kind(value) == _kind(_at(_BASE, path)):
        return False
    return not any(len(p) == len(path) and all(a is None or a == b for a, b in zip(p, path, strict=True))
                   and _kind(value) in kinds for p, kinds in _UNIONS)


@settings(max_examples=200, deadline=None)
@given(changes=st.lists(st.tuples(st.sampled_from(_PATHS), st.sampled_from(_ODD_VALUES + ["<drop>"])),
                        min_size=1, max_size=3))
def test_any_value_replaced_by_one_of_another_kind_is_diagnosed_and_whatever_passes_builds(
        changes: list[tuple[tuple[Any, ...], Any]]) -> None:
    data = copy.deepcopy(_BASE)
    applied: dict[tuple[Any, ...], Any] = {}  # path -> the value it was left with
    for path, value in changes:
        node: Any = data
        for part in path[:-1]:
            if not _has(node, part):
                break
            node = node[part]
        else:
            if isinstance(node, dict) and value == "<drop>":
                node.pop(path[-1], None)
            elif isinstance(node, dict) or _has(node, path[-1]):
                node[path[-1]] = copy.deepcopy(value) if value != "<drop>" else None
            applied[path] = value
    found = check_data(data)  # must not raise
    for path, value in applied.items():
        overlapping = any(p != path and (p[:len(path)] == path or path[:len(p)] == p) for p in applied)
        if overlapping or not _another_kind(path, value):
            continue
        where = _dotted(path)
        assert any(d.mark is not None and d.mark.line >= 1 and (d.path == where or d.path.startswith((where + ".", where + "[")))
                   for d in found), f"{where} set to {value!r} was not diagnosed there: {[str(d) for d in found]}"
    if not found:
        build(data, Path("mini.yaml"), [])  # what the validator accepts, the model can be built from


# --- sources ------------------------------------------------------------------------------------

def test_a_source_marker_in_a_text_that_the_sources_list_lacks_is_refused(tmp_path: Path) -> None:
    text = edit("text: A test narration.}", 'text: "Reported by a wire service [S3]."}',
                MINIMAL + "sources:\n  S30: A report\n")
    d = only(problems(tmp_path, text))
    assert (d.path, d.mark.line) == ("narration.intro.text", line_of(text, "[S3]"))
    assert "cites [S3], which is not in this scenario's sources list (did you mean 'S30'?)" in d.message


def test_a_narration_must_list_the_sources_its_text_cites(tmp_path: Path) -> None:
    text = edit("text: A test narration.}", 'text: "Reported [S3]."}', MINIMAL + "sources:\n  S3: A report\n")
    d = only(problems(tmp_path, text))
    assert d.path == "narration.intro" and "cites [S3]; add it to this narration's sources list" in d.message
    assert problems(tmp_path, edit('"Reported [S3]."}', '"Reported [S3].", sources: [S3]}', text)) == []


def test_a_source_list_entry_that_is_not_defined_is_refused(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("{id: fight, name: The fight}", "{id: fight, name: The fight, sources: [S9]}")))
    assert d.path == "phases[1].sources[0]" and "source S9 is not in this scenario's sources list" in d.message
