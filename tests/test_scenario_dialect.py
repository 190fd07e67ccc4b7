"""One YAML dialect: a scenario means the same to YAML 1.1 readers (PyYAML), 1.2 readers (editors) and the validator.

Plain values on which the two versions disagree (yes/no/on/off, bare dates, 1e3, 010, 1_000,
12:30) are refused with the fix, and the bundled scenarios read identically either way and
satisfy the published schema read either way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from scenario_text import MINIMAL, edit, only, problems

from game.scenario.dialect import core_12
from game.scenario.merge import whatif_schema
from game.scenario.schema import scenario_schema
from game.scenario.validate import bundled_scenarios
from game.scenario.yamlload import loads_located


class _Core12Loader(yaml.SafeLoader):
    """A YAML 1.2 core-schema reader written independently of the validator's, as an editor reads."""


_Core12Loader.yaml_implicit_resolvers = {}
for tag, regexp, first in [
        ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
        ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
         "-+0123456789."),
        ("null", r"^(?:~|null|Null|NULL|)$", "~nN\0")]:
    import re
    _Core12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{tag}", re.compile(regexp), list(first) + [None])


def _plain(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_plain(v) for v in x]
    return x


@pytest.mark.parametrize("path", bundled_scenarios(), ids=lambda p: p.stem)
def test_every_bundled_scenario_reads_the_same_as_yaml_1_1_and_1_2_and_to_the_validator(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    v11 = yaml.safe_load(text)
    v12 = yaml.load(text, Loader=_Core12Loader)  # noqa: S506 - a SafeLoader subclass
    assert v11 == v12
    ours = loads_located(text, path.name)
    assert ours.problems == []
    assert _plain(ours) == v11


@pytest.mark.parametrize("path", bundled_scenarios(), ids=lambda p: p.stem)
def test_every_bundled_scenario_satisfies_its_published_schema_read_by_pyyaml(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    schema = whatif_schema() if "extends" in data else scenario_schema()
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("text", ["yes", "no", "On", "OFF", "2017-11-12", "1e309", "1.5e3", "010", "1_000", "12:30",
                                  "0o17"])
def test_a_plain_value_the_two_yaml_versions_read_differently_is_refused_with_the_fix(text: str) -> None:
    data = loads_located(f"a: {text}\n", "x.yaml", keep_going=True)
    assert len(data.problems) == 1
    message = data.problems[0].message
    assert "YAML 1.1 reader" in message and "YAML 1.2 reader" in message and "write" in message or "quotes" in message
    assert data.problems[0].mark is not None and data.problems[0].mark.column == 4
    assert data["a"] == core_12(text) or text.endswith("e309")  # the editor's reading is kept


@pytest.mark.parametrize("text", ["true", "false", "1", "-3", "1.5", "1.0e+3", ".5", "null", "~", "'2017-11-12'",
                                  "2017-11-06T06:00", "'yes'", "text"])
def test_a_plain_value_both_versions_read_alike_is_accepted(text: str) -> None:
    assert loads_located(f"a: {text}\n", "x.yaml", keep_going=True).problems == []


def test_an_old_on_key_is_told_to_become_when_on_its_own_line(tmp_path: Path) -> None:
    text = edit("    when: combat", "    on: combat", edit("    when: game_start", "    on: game_start", MINIMAL))
    found = problems(tmp_path, text)
    assert [p.path for p in found] == ["triggers[0].on", "triggers[1].on"]
    lines = text.splitlines()
    for p in found:
        assert p.mark is not None and lines[p.mark.line - 1].strip().startswith("on:")
        assert "'on:' is now 'when:'" in p.message and "write 'when: " in p.message
    assert "write 'when: combat'" in found[1].message


def test_name_no_is_refused_by_the_validator_because_pyyaml_reads_it_as_false(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("title: A minimal test scenario", "title: no")))
    assert d.path == "title" and "write false, or put it in quotes" in d.message
