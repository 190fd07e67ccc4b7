"""The event catalogue is the one list of event kinds: the engine emits nothing it lacks, and the
schema and validator take their event lists from it."""

from __future__ import annotations

import re
from pathlib import Path

from game.scenario import catalogue
from game.scenario.schema import scenario_schema
from game.scenario.validate import EVENT_FIELDS

ENGINE = Path(catalogue.__file__).parents[1] / "engine"


def _emitted_kinds() -> set[str]:
    kinds: set[str] = set()
    for path in ENGINE.rglob("*.py"):
        kinds |= set(re.findall(r"\bemit\(\s*\"([a-z_]+)\"", path.read_text(encoding="utf-8")))
    return kinds


def test_every_event_kind_the_engine_emits_is_in_the_catalogue() -> None:
    emitted = _emitted_kinds()
    assert len(emitted) > 20
    assert emitted <= set(catalogue.KINDS), sorted(emitted - set(catalogue.KINDS))


def test_every_catalogued_kind_has_a_description_a_visibility_and_a_filter_group() -> None:
    for kind in catalogue.KINDS.values():
        assert kind.description.endswith("."), kind.name
        assert kind.seen in (catalogue.ALL, catalogue.SIDE, catalogue.WITNESSES, catalogue.NOBODY), kind.name
        assert kind.group in catalogue.groups()
    assert sum(len(v) for v in catalogue.groups().values()) == len(catalogue.KINDS)


def test_the_schemas_trigger_events_are_the_catalogues_trigger_events() -> None:
    when = scenario_schema()["properties"]["triggers"]["items"]["properties"]
    key = "when" if "when" in when else "on"
    assert when[key]["enum"] == catalogue.trigger_events()
    assert set(EVENT_FIELDS) == set(catalogue.trigger_events())


def test_a_unit_filter_reads_a_combats_attacker() -> None:
    assert catalogue.KINDS["combat"].unit_key == "attacker"
    assert catalogue.KINDS["combat"].carries("unit_type")
    assert not catalogue.KINDS["turn_start"].carries("unit")
