"""The format as shipped: the schema files, the bundled scenarios and what-ifs, the guide, the loader.

These tests keep the copies honest: the schema files beside the scenarios, the key reference
in docs/scenario-format.md and the examples in it are compared with what the code produces now,
and the validator's knowledge of events is compared with the events the engine emits.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import jsonschema
import numpy as np
import pytest
import yaml
from click.testing import CliRunner
from scenario_text import MINIMAL, edit, write

from game.cli.scenario import validate as validate_command
from game.engine import actions as A
from game.engine import triggers as engine_triggers
from game.engine.game import Game
from game.resources import scenarios_dir
from game.scenario import catalogue, reference, yamlload
from game.scenario.merge import load_with_extends, merge, whatif_schema, whatif_schema_json
from game.scenario.model import Rules, Trigger
from game.scenario.schema import EVENT_KINDS, scenario_schema, schema_json
from game.scenario.validate import EVENT_FIELDS, bundled_scenarios, check_file, load_scenario
from game.scenario.yamlload import load_located, loads_located

GUIDE = reference.DOC
WHATIFS = ["abu_kamal_garrison_alert", "abu_kamal_garrison_reacts", "abu_kamal_tunnels_known", "abu_kamal_sdf_early"]


def _plain(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_plain(v) for v in x]
    return x


def _differences(a: Any, b: Any, path: str = "") -> set[str]:
    """Paths at which two plain data trees differ (lists of records compared by id)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return {p for k in a.keys() | b.keys() for p in _differences(a.get(k), b.get(k), f"{path}.{k}".lstrip("."))}
    if isinstance(a, list) and isinstance(b, list) and all(isinstance(i, dict) and "id" in i for i in a + b):
        return _differences({i["id"]: i for i in a}, {i["id"]: i for i in b}, path)
    return set() if a == b else {path}


# --- the schema files ---------------------------------------------------------------------------

def test_the_shipped_schema_file_is_exactly_what_abu_kamal_schema_prints() -> None:
    assert (scenarios_dir() / "abu-kamal.schema.json").read_text(encoding="utf-8") == schema_json()


def test_the_shipped_what_if_schema_file_is_exactly_what_abu_kamal_schema_what_if_prints() -> None:
    assert (scenarios_dir() / "abu-kamal.whatif.schema.json").read_text(encoding="utf-8") == whatif_schema_json()


@pytest.mark.parametrize("schema", [scenario_schema(), whatif_schema()], ids=["scenario", "what-if"])
def test_the_schemas_are_valid_draft_2020_12_schemas(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_bundled_scenario_without_extends_satisfies_the_schema_as_written() -> None:
    validator = jsonschema.Draft202012Validator(scenario_schema())
    standalone = [p for p in bundled_scenarios() if "extends" not in load_located(p)]
    assert standalone, "the historical scenario is bundled"
    for path in standalone:
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(load_located(path))]
        assert errors == [], path.name


def test_every_bundled_what_if_satisfies_the_what_if_schema_as_written_but_not_the_full_one() -> None:
    full, partial = (jsonschema.Draft202012Validator(s) for s in (scenario_schema(), whatif_schema()))
    for name in WHATIFS:
        data = load_located(scenarios_dir() / f"{name}.yaml")
        assert list(partial.iter_errors(data)) == [], name
        assert not full.is_valid(data), f"{name} leaves out what it inherits"


def test_the_what_if_schema_still_refuses_unknown_keys_and_requires_extends_and_id() -> None:
    v = jsonschema.Draft202012Validator(whatif_schema())
    assert not v.is_valid({"extends": "abu_kamal_2017", "id": "x", "unitz": []})
    assert not v.is_valid({"id": "x"})
    assert v.is_valid({"extends": "abu_kamal_2017", "id": "x", "units": [{"id": "radwan", "strength": 3}]})


def test_each_bundled_scenario_names_its_schema_on_the_first_line_and_the_file_is_beside_it() -> None:
    for path in bundled_scenarios():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, path.name
        expected = "abu-kamal.whatif.schema.json" if "extends" in load_located(path) else "abu-kamal.schema.json"
        assert match.group(1) == expected and (path.parent / expected).is_file()


# --- the bundled scenarios and what-ifs ---------------------------------------------------------

def test_every_bundled_scenario_validates() -> None:
    names = [p.stem for p in bundled_scenarios()]
    assert set(WHATIFS) <= set(names)
    for path in bundled_scenarios():
        assert check_file(path) == [], path.name


@pytest.mark.parametrize(("name", "changed"), [
    ("abu_kamal_garrison_alert", {"triggers.garrison_stays_alert"}),
    ("abu_kamal_garrison_reacts", {f"decisions.government.historical.decisions.stand_down.{key}"
                                   for key in ("until.declared", "until.control", "until.phase", "source")}),
    ("abu_kamal_tunnels_known", {"tunnels.known_to.government"}),
    ("abu_kamal_sdf_early", {"units.sdf_dmc1.arrives.date", "units.sdf_dmc2.arrives.date",
                             "units.sdf_shaitat.arrives.date"}),
])
def test_each_what_if_changes_only_what_its_title_says(name: str, changed: set[str]) -> None:
    base, _ = load_with_extends(scenarios_dir() / "abu_kamal_2017.yaml", scenarios_dir())
    variant, chain = load_with_extends(scenarios_dir() / f"{name}.yaml", scenarios_dir())
    assert [p.name for p in chain] == [f"{name}.yaml", "abu_kamal_2017.yaml"]
    assert _differences(_plain(base), _plain(variant)) == {"id", "title", "summary"} | changed


def test_in_the_garrison_alert_what_if_a_stood_down_unit_in_the_city_is_alert_when_isis_moves() -> None:
    for name, expected in (("abu_kamal_2017", "stood_down"), ("abu_kamal_garrison_alert", "alert")):
        game = Game(load_scenario(name))
        state, _ = game.start(1)
        unit = next(u for u in state.units.values() if u.side == "government" and u.status == "active")
        ys, xs = np.nonzero(game.zone_masks["city"] & game.standable)
        unit.x, unit.y = int(xs[0]), int(ys[0])
        game.apply(state, A.Posture(unit.id, "stood_down"))
        while game.current_side(state) != "isis":
            game.apply(state, A.EndTurn())
        assert unit.posture == expected, name


def test_in_the_tunnels_known_what_if_the_government_knows_every_node_from_the_start() -> None:
    base, variant = load_scenario("abu_kamal_2017"), load_scenario("abu_kamal_tunnels_known")
    assert "government" not in base.tunnels.known_to
    assert variant.tunnels.known_to["government"] == frozenset(variant.tunnels.nodes)
    assert variant.tunnels.known_to["isis"] == base.tunnels.known_to["isis"]
    state, _ = Game(variant).start(1)
    assert state.knowledge["government"].known_nodes == set(variant.tunnels.nodes)


def test_in_the_sdf_early_what_if_the_sdf_arrives_on_turn_1_a_week_ahead_of_the_base() -> None:
    base, early = Game(load_scenario("abu_kamal_2017")), Game(load_scenario("abu_kamal_sdf_early"))
    from game.engine.turns import arrival_turn

    sdf = [u.id for u in early.scenario.units if u.faction == "sdf"]
    assert sdf and all(arrival_turn(early, uid) == 1 for uid in sdf)
    assert all(arrival_turn(base, uid) >= 9 for uid in sdf)  # 10 November with 12-hour turns from 6 November
    state, _ = early.start(1)
    while early.current_side(state) != "sdf":
        early.apply(state, A.EndTurn())
    assert state.turn == 1 and all(state.units[uid].status == "active" for uid in sdf)


# --- merge rules --------------------------------------------------------------------------------

def test_merge_joins_mappings_key_by_key_merges_records_by_id_and_replaces_everything_else() -> None:
    base = loads_located("a: {x: 1, y: 2}\nlist: [1, 2]\nunits:\n  - {id: u1, s: 1, t: 1}\n  - {id: u2, s: 1}\n")
    over = loads_located("a: {y: 3}\nlist: [9]\nunits:\n  - {id: u1, s: 5}\n  - {id: u2, remove: true}\n"
                         "  - {id: u3, s: 7}\n")
    problems: list = []
    merged = _plain(merge(base, over, problems))
    assert problems == []
    assert merged == {"a": {"x": 1, "y": 3}, "list": [9],
                      "units": [{"id": "u1", "s": 5, "t": 1}, {"id": "u3", "s": 7}]}


def test_merged_values_remember_the_file_that_wrote_them(tmp_path: Path) -> None:
    write(tmp_path, MINIMAL, "base.yaml")
    write(tmp_path, "extends: base.yaml\nid: v\ntitle: V\nunits:\n  - {id: b1, at: [1, 4]}\n", "v.yaml")
    merged, _ = load_with_extends(tmp_path / "v.yaml", scenarios_dir())
    assert yamlload.mark_at(merged, ("units", 0, "at")).file.endswith("v.yaml")
    assert yamlload.mark_at(merged, ("units", 0, "type")).file.endswith("base.yaml")
    assert yamlload.mark_at(merged, ("units", 2, "type")).file.endswith("base.yaml")


# --- the loader ---------------------------------------------------------------------------------

def test_loading_uses_libyamls_csafeloader_when_libyaml_is_present(monkeypatch: pytest.MonkeyPatch) -> None:
    if not yaml.__with_libyaml__:
        pytest.skip("this PyYAML was built without libyaml")
    used: list[type] = []
    compose = yaml.compose

    def spy(stream: str, Loader: type) -> Any:  # noqa: N803 - PyYAML's parameter name
        used.append(Loader)
        return compose(stream, Loader=Loader)

    monkeypatch.setattr(yaml, "compose", spy)
    loads_located(MINIMAL)
    assert used == [yaml.CSafeLoader]


def test_the_loader_keeps_line_and_column_for_every_value_and_key() -> None:
    data = loads_located(MINIMAL, "mini.yaml")
    written = "  - {id: r1, type: infantry, faction: red_militia, at: [2, 1]}"
    line = MINIMAL.splitlines().index(written) + 1
    assert yamlload.mark_at(data, ("units", 2, "type")) == yamlload.Mark("mini.yaml", line, written.index("infantry") + 1)
    assert yamlload.key_mark_at(data, ("units", 2, "type")) == yamlload.Mark("mini.yaml", line, written.index("type") + 1)
    assert data["map"].indents["rows"] == 4


def test_dates_stay_text_and_keys_like_on_stay_names() -> None:
    data = loads_located("on: 1\nwhen: '2017-11-09'\nat: 2017-11-09T18:00\n")
    assert data == {"on": 1, "when": "2017-11-09", "at": "2017-11-09T18:00"}


# --- the designer's guide -----------------------------------------------------------------------

def test_the_guides_key_reference_and_the_schema_files_match_what_the_generator_produces_now() -> None:
    stale = [str(p) for p, text in reference.generated_files().items()
             if p.read_text(encoding="utf-8") != text]
    assert stale == [], "run: python -m game.scenario.reference --write"


def test_the_key_reference_covers_every_key_of_the_schema_with_a_meaning() -> None:
    rendered = reference.render()
    for section in ("### Top level", "### `units[]`", "### `triggers[].if`", "### `triggers[].do[]`",
                    "### `triggers[].do[].set_posture`", "### `victory.<id>.objectives[]`", "### `tunnels.nodes.<id>`"):
        assert section in rendered
    rows = [r for r in rendered.splitlines() if r.startswith("| `")]
    assert all(not r.rstrip().endswith("|  |") for r in rows), [r for r in rows if r.rstrip().endswith("|  |")]
    for key in list(scenario_schema()["properties"]["rules"]["properties"]) + EVENT_KINDS:
        assert f"`{key}`" in rendered


def test_the_rules_defaults_in_the_schema_are_the_engines_defaults() -> None:
    props = scenario_schema()["properties"]["rules"]["properties"]
    assert set(props) == {f.name for f in dataclasses.fields(Rules)}
    for f in dataclasses.fields(Rules):
        shown = re.search(r"\(default ([^)]*)\)", props[f.name]["description"])
        assert shown, f.name
        assert shown.group(1) == (str(f.default).lower() if isinstance(f.default, bool) else str(f.default)), f.name


def _guide_blocks() -> list[str]:
    return re.findall(r"```(?:yaml)?\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)


def test_the_complete_small_scenario_in_the_guide_validates(tmp_path: Path) -> None:
    full = [b for b in _guide_blocks() if b.startswith("# yaml-language-server") and "format: 1" in b]
    assert len(full) == 1
    assert check_file(write(tmp_path, full[0])) == []


def test_the_guides_worked_what_if_and_its_misspelt_version_print_what_the_guide_shows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = _guide_blocks()
    example = next(b for b in blocks if "id: radwan_early" in b)
    shown = [b for b in blocks if b.startswith("$ abu-kamal validate radwan_early.yaml")]
    assert len(shown) == 2
    monkeypatch.chdir(tmp_path)
    for text, transcript in ((example, shown[0]), (edit("id: radwan,", "id: radwn,", example), shown[1])):
        write(tmp_path, text, "radwan_early.yaml")
        result = CliRunner().invoke(validate_command, ["radwan_early.yaml"])
        assert "$ abu-kamal validate radwan_early.yaml\n" + result.output == transcript


def test_the_guide_documents_every_event_condition_and_effect() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    conditions = scenario_schema()["properties"]["triggers"]["items"]["properties"]["if"]["properties"]
    effects = list(scenario_schema()["properties"]["triggers"]["items"]["properties"]["do"]["items"]["properties"])
    guide_part = guide.split("## Key reference")[0]
    for word in [*EVENT_KINDS, *conditions, *effects]:
        assert f"`{word}`" in guide_part, word


# --- the validator and the engine agree ---------------------------------------------------------

def test_the_schemas_effects_are_the_engines_effects_and_every_event_kind_is_described() -> None:
    effects = set(scenario_schema()["properties"]["triggers"]["items"]["properties"]["do"]["items"]["properties"])
    assert effects == set(engine_triggers.EFFECTS)
    assert set(EVENT_FIELDS) == set(EVENT_KINDS)


def test_the_engine_evaluates_every_condition_the_schema_allows_as_the_guide_describes(tmp_path: Path) -> None:
    game = Game(load_scenario(write(tmp_path, MINIMAL)))
    state, events = game.start(1)
    start = events[0]  # game_start: turn 1, 6 November 06:00 (day), phase 'opening'; it carries no side or cell
    samples = {"phase": ("opening", True), "side": ("blue", False), "turn_at_least": (2, False),
               "turn_at_most": (1, True), "date_from": ("2017-11-06", True), "date_until": ("2017-11-05", False),
               "night": (False, True), "phase_turns_at_least": (1, False), "declared": ("blue", False),
               "not_declared": ("blue", True), "ambush": (True, False), "zone": ("town", False),
               "control": ({"side": "red", "zone": "town", "at_least": 0.5}, True),
               "alert": ({"side": "blue", "zone": "south", "at_least": 1.0}, True),
               "units_in_zone": ({"side": "blue", "zone": "south", "at_least": 2}, False),
               "unit": ("b1", False), "unit_type": (["infantry"], False),
               "counter": ({"name": "waves", "at_most": 0}, True), "chance": (0.0, False),
               "arrived": (["b1", "b2"], False),  # b2 comes on turn 2
               "any": ([{"turn_at_least": 2}, {"night": False}], True), "not": ({"phase": "opening"}, False)}
    conditions = scenario_schema()["properties"]["triggers"]["items"]["properties"]["if"]["properties"]
    assert set(samples) == set(conditions)
    for key, (value, expected) in samples.items():
        t = Trigger(id="probe", on="game_start", conditions={key: value}, effects=())
        assert engine_triggers.holds(game, state, t, start) is expected, key
    assert set(engine_triggers.CONDITIONS) == set(conditions)
    assert engine_triggers.holds(game, state, Trigger(id="probe", on="game_start", conditions={"arrived": ["b1"]},
                                                      effects=()), start), "a unit on the map from the start has arrived"


def test_the_validators_table_of_what_events_carry_matches_the_events_the_engine_emits(tmp_path: Path) -> None:
    text = edit("victory:\n", "declarations:\n  blue: {zone: south, min_control: 0.0, clear_of_enemies: false, "
                "points: 1, withdraw_zone: south, withdraw_points: 1}\nvictory:\n",
                edit("      - narrate: intro\n", "      - narrate: intro\n      - reveal_tunnels: {side: blue, nodes: all}\n"))
    game = Game(load_scenario(write(tmp_path, text)))
    state, events = game.start(1)
    events += game.apply(state, A.Posture("b1", "stood_down"))
    events += game.apply(state, A.Declare())
    events += game.apply(state, A.Withdraw("b1"))
    while state.turn < 3 and not state.over:
        events += game.apply(state, A.EndTurn())
    seen: dict[str, set[str]] = {}
    for e in events:
        if e.kind in EVENT_FIELDS:
            seen.setdefault(e.kind, set()).update(k for k in ("side", "cell", "ambush") if k in e.data)
            seen[e.kind] |= {"unit", "unit_type"} if catalogue.KINDS[e.kind].unit_key in e.data else set()
    assert {"posture", "victory_declared", "withdrawn", "arrived", "tunnel_found", "side_turn_start"} <= set(seen)
    for kind, fields in seen.items():
        assert fields == EVENT_FIELDS[kind], kind
    # and combat, from a few random turns of the historical scenario
    from game.ai.base import play_side_turn
    from game.ai.random_policy import RandomPolicy

    game = Game(load_scenario("abu_kamal_2017"))
    state, events = game.start(3)
    players = {s: RandomPolicy(s, 3) for s in game.sides}
    while state.turn <= 8 and not state.over and not any(e.kind == "combat" for e in events):
        events += play_side_turn(game, state, players[game.current_side(state)])
    combat = next(e for e in events if e.kind == "combat")
    assert {k for k in ("side", "cell", "ambush") if k in combat.data} | {"unit", "unit_type"} == EVENT_FIELDS["combat"]
