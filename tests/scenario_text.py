"""A minimal valid scenario as text, and helpers to break it one mistake at a time.

Error tests start from ``MINIMAL``, change one fragment with ``edit`` and check what the
validator says, and where: ``line_of`` finds the line a fragment is on, so a test states the
position it expects without counting lines by hand. The historical scenario is never needed.

Map (8 x 5), x to the right and y down from the top-left:

    y=0  ........
    y=1  ..##....      town blocks at [2, 1] and [3, 1]
    y=2  ~~~~~~~~      the river: impassable
    y=3  ....##..
    y=4  ........
"""

from __future__ import annotations

from pathlib import Path

from game.scenario.errors import Diagnostic
from game.scenario.validate import check_file

MINIMAL = """\
format: 1
id: mini
title: A minimal test scenario
calendar: {start: 2017-11-06T06:00, turn_hours: 12, turns: 4}
turn_order: [blue, red]
terrain:
  open: {char: ".", name: Open ground, move_cost: 1, defence: 1.0}
  town: {char: "#", name: Town, move_cost: 2, defence: 2.0, urban: 1.0}
  river: {char: "~", name: River, move_cost: null, defence: 1.0, river: true}
map:
  rows: |
    ........
    ..##....
    ~~~~~~~~
    ....##..
    ........
zones:
  town: {name: Town, rects: [[2, 1, 5, 3]], terrain: [town]}
  south: {name: South bank, rects: [[0, 3, 7, 4]]}
sides:
  blue: {name: Blue, rally_zone: south}
  red: {name: Red}
factions:
  blue_army: {side: blue, name: Blue army, color: "#2255aa", description: A test force.}
  red_militia: {side: red, name: Red militia, color: "#aa2222", description: A test force.}
unit_types:
  infantry: {name: Infantry, strength: 4, move: 3, attack: 1, defence: 1, sight: 3}
  diggers: {name: Diggers, strength: 2, move: 2, attack: 1, defence: 1, sight: 2, abilities: [tunnels]}
units:
  - {id: b1, type: infantry, faction: blue_army, at: [0, 4]}
  - {id: b2, type: infantry, faction: blue_army, arrives: {turn: 2, zone: south}}
  - {id: r1, type: infantry, faction: red_militia, at: [2, 1]}
  - {id: r2, type: diggers, faction: red_militia, tunnel: north_exit}
tunnels:
  nodes:
    north_exit: {at: [3, 1]}
    south_exit: {at: [4, 3]}
  links:
    - [north_exit, south_exit]
  known_to:
    red: all
phases:
  - {id: opening, name: Opening}
  - {id: fight, name: The fight}
triggers:
  - id: start
    when: game_start
    do:
      - narrate: intro
  - id: contact
    when: combat
    if: {phase: opening}
    do:
      - set_phase: fight
narration:
  intro: {title: Start, text: A test narration.}
victory:
  blue: {objectives: [{zone: town, points: 10}], win_at: 10, lose_below: 0}
  red: {objectives: [{zone: town, points: 10}], win_at: 10, lose_below: 0}
"""


def edit(old: str, new: str, text: str = MINIMAL) -> str:
    """``text`` with the one occurrence of ``old`` replaced (a test that edits nothing is a broken test)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def line_of(text: str, fragment: str) -> int:
    """The 1-based line on which ``fragment`` occurs (once) in ``text``."""
    assert text.count(fragment) == 1, f"{fragment!r} occurs {text.count(fragment)} times"
    return text[: text.index(fragment)].count("\n") + 1


def column_of(text: str, fragment: str) -> int:
    """The 1-based column at which ``fragment`` starts on its line."""
    start = text.index(fragment)
    return start - (text.rfind("\n", 0, start) + 1) + 1


def write(folder: Path, text: str | bytes, name: str = "mine.yaml") -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems(folder: Path, text: str | bytes, name: str = "mine.yaml") -> list[Diagnostic]:
    """Every diagnostic the validator gives for ``text`` saved as ``folder/name``."""
    return check_file(write(folder, text, name))


def only(found: list[Diagnostic]) -> Diagnostic:
    """The single diagnostic in ``found`` (and a readable failure listing them if there are more)."""
    assert len(found) == 1, "\n".join(map(str, found)) or "no diagnostics"
    return found[0]
