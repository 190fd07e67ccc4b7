"""Validate scenario files and build the typed Scenario.

Every problem found is reported, each with file, line, column, the path inside the document,
what was expected and what was found. Loading and merging come first (YAML mistakes, what-if
ids), then the schema (shape and types, in ``schema_errors``), then the semantic checks that a
schema cannot express, by topic (``game.scenario.checks``), and only valid data is built
(``game.scenario.build``).
"""

from __future__ import annotations

from pathlib import Path

from game.resources import scenarios_dir
from game.scenario import checks
from game.scenario import model as m
from game.scenario.build import build
from game.scenario.catalogue import KINDS
from game.scenario.checks.doc import zone_cells
from game.scenario.errors import Diagnostic, Mark, ScenarioError, did_you_mean
from game.scenario.merge import changes_in, load_with_extends
from game.scenario.schema_errors import schema_errors
from game.scenario.yamlload import LDict

__all__ = ["EVENT_FIELDS", "build", "bundled_scenarios", "check_data", "check_file", "find_scenario",
           "load_scenario", "zone_cells"]

# What each event carries that a condition can test, from the engine's catalogue of event kinds.
EVENT_FIELDS: dict[str, frozenset[str]] = {
    k.name: frozenset(f for f in ("side", "cell", "ambush", "unit", "unit_type") if k.carries(f))
    for k in KINDS.values() if k.trigger}


def bundled_scenarios() -> list[Path]:
    """The scenario files shipped with the game."""
    return sorted(scenarios_dir().glob("*.yaml"))


def find_scenario(ref: str | Path) -> Path:
    """A path as given, or a bundled scenario by name (``abu_kamal_2017``) or file name."""
    p = Path(ref)
    if p.is_file() or p.suffix or "/" in str(ref):
        return p
    for candidate in (scenarios_dir() / f"{ref}.yaml", scenarios_dir() / str(ref)):
        if candidate.is_file():
            return candidate
    names = [s.stem for s in bundled_scenarios()]
    raise ScenarioError([Diagnostic(Mark(str(ref), 0, 0), "", f"no file or bundled scenario named '{ref}'; "
                                    f"bundled ones: {', '.join(names)}{did_you_mean(str(ref), names)}")])


def load_scenario(ref: str | Path = "abu_kamal_2017") -> m.Scenario:
    """Load, merge, validate and build a scenario; raise ScenarioError listing every problem."""
    path = find_scenario(ref)
    data, chain = load_with_extends(path, scenarios_dir(), display=_display(path))
    problems = list(check_data(data))
    if problems:
        raise ScenarioError(problems)
    return build(data, path, chain)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(scenarios_dir().resolve().parent))
    except ValueError:
        return str(path)


def check_data(data: LDict) -> list[Diagnostic]:
    """Every problem in merged scenario data: from loading and merging, the schema, then the semantics."""
    loaded = list(getattr(data, "problems", []))
    problems = [*loaded, *schema_errors(data)]
    try:
        problems += checks.run(data)
    except Exception:  # noqa: BLE001 - semantic checks on data with schema errors may trip; those errors stand
        if not problems:
            raise
    loaded_at = {(p.mark, p.path) for p in loaded if p.mark is not None}
    seen: set[str] = set()
    unique = []
    for i, p in enumerate(problems):
        if i >= len(loaded) and (p.mark, p.path) in loaded_at:
            continue  # a consequence of a problem already reported there (a refused tag, a dropped key)
        if str(p) not in seen:
            seen.add(str(p))
            unique.append(p)
    unique = _blame_whatif(data, unique)
    return sorted(unique, key=lambda p: (p.mark.file if p.mark else "", p.mark.line if p.mark else 0,
                                         p.mark.column if p.mark else 0))


def _blame_whatif(data: LDict, problems: list[Diagnostic]) -> list[Diagnostic]:
    """A problem reported in a base file that names something a what-if removed or changed says so, with the
    what-if's line: the designer must look there, not in the installed base file."""
    changes = changes_in(data)
    if not changes:
        return problems
    out = []
    for p in problems:
        hits = [(k, verb, mark) for k, verb, mark in changes
                if p.mark is not None and mark.file != p.mark.file and (f"'{k}'" in p.message or p.path.endswith(k))]
        if hits:
            k, verb, mark = hits[0]
            p = Diagnostic(p.mark, p.path, f"{p.message} (caused by {mark}, which {verb} '{k}')")
        out.append(p)
    return out


def check_file(ref: str | Path) -> list[Diagnostic]:
    """Every problem in a scenario file (and what it extends); an empty list means valid."""
    try:
        load_scenario(ref)
    except ScenarioError as e:
        return e.diagnostics
    return []
