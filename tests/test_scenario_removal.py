"""What-ifs remove: 'key: ~' and '{remove: true}' delete mapping entries; what then breaks in the base
is reported where it is written, naming the what-if's line that caused it."""

from __future__ import annotations

from pathlib import Path

from scenario_text import MINIMAL, edit, line_of, only, write

from game.scenario.validate import check_file, load_scenario

BASE_DECLARING = edit("victory:\n", "declarations:\n  blue: {zone: town, min_control: 0.5, points: 1}\nvictory:\n")


def _whatif(tmp_path: Path, body: str, base: str = MINIMAL) -> Path:
    write(tmp_path, base, "base.yaml")
    return write(tmp_path, f"extends: base.yaml\nid: variant\n{body}", "variant.yaml")


def test_a_tilde_removes_a_mapping_entry(tmp_path: Path) -> None:
    sc = load_scenario(_whatif(tmp_path, "declarations:\n  blue: ~\n", BASE_DECLARING))
    assert dict(sc.declarations) == {}


def test_remove_true_removes_a_mapping_entry_and_a_whole_section(tmp_path: Path) -> None:
    sc = load_scenario(_whatif(tmp_path, "declarations: {blue: {remove: true}}\nnarration: {intro: {remove: true}}\n"
                                         "triggers:\n  - {id: start, remove: true}\n", BASE_DECLARING))
    assert dict(sc.declarations) == {} and "intro" not in sc.narration and [t.id for t in sc.triggers] == ["contact"]
    sc = load_scenario(_whatif(tmp_path, "declarations: ~\n", BASE_DECLARING))
    assert dict(sc.declarations) == {}


def test_move_cost_null_in_a_what_if_still_means_impassable(tmp_path: Path) -> None:
    found = check_file(_whatif(tmp_path, "terrain:\n  town: {move_cost: ~}\n"))
    assert found and all("is on impassable terrain (Town)" in p.message for p in found)


def test_removing_a_key_the_base_lacks_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    path = _whatif(tmp_path, "declarations:\n  blu: ~\n", BASE_DECLARING)
    d = only(check_file(path))
    assert d.mark.file.endswith("variant.yaml") and d.mark.line == 4
    assert "cannot remove 'blu'" in d.message and "did you mean 'blue'" in d.message


def test_a_base_error_caused_by_a_removal_names_the_what_ifs_line(tmp_path: Path) -> None:
    path = _whatif(tmp_path, "zones:\n  south: ~\n")
    found = check_file(path)
    assert found and all(p.mark.file.endswith("base.yaml") for p in found)
    rally = next(p for p in found if p.path == "sides.blue.rally_zone")
    assert rally.mark.line == line_of(MINIMAL, "rally_zone: south")
    assert rally.message.endswith(f"(caused by {path}:4:3, which removes 'south')")


def test_an_empty_mapping_in_a_what_if_is_told_it_changes_nothing(tmp_path: Path) -> None:
    d = only(check_file(_whatif(tmp_path, "declarations: {}\n", BASE_DECLARING)))
    assert d.mark.file.endswith("variant.yaml") and d.mark.line == 3
    assert "changes nothing" in d.message and "declarations: ~" in d.message
