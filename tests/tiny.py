"""Tiny scenarios written inline, so each rule test shows the whole position it relies on.

``tiny(rows, units=...)`` takes a map drawn with the legend below and units as compact strings
``"id type side x,y [key=value ...]"``; everything else has small, documented defaults.
Legend: ``.`` open ground, ``#`` dense urban (blocks sight), ``~`` river, ``=`` bridge, ``+`` suburb.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import yaml

from game.engine.game import Game
from game.engine.state import State
from game.scenario.errors import ScenarioError
from game.scenario.validate import build, check_data
from game.scenario.yamlload import loads_located

TYPES = {
    "inf": {"name": "Infantry", "strength": 4, "move": 6, "attack": 3, "defence": 3, "sight": 6, "abilities": ["search"]},
    "eng": {"name": "Engineers", "strength": 2, "move": 6, "attack": 1, "defence": 2, "sight": 4, "abilities": ["engineer", "search"]},
    "cell": {"name": "Fighters", "strength": 4, "move": 6, "attack": 3, "defence": 3, "sight": 5, "abilities": ["tunnels"]},
    "sva": {"name": "Suicide attackers", "strength": 2, "move": 8, "attack": 8, "defence": 1, "sight": 3, "abilities": ["suicide", "tunnels"]},
    "gun": {"name": "Guns", "strength": 3, "move": 4, "attack": 2, "defence": 1, "sight": 1, "range": 4},
}


def unit(spec: str) -> dict[str, Any]:
    words = spec.split()
    uid, utype, side, where = words[:4]
    u: dict[str, Any] = {"id": uid, "type": utype, "faction": side}
    if where.startswith("tunnel:"):
        u["tunnel"] = where.split(":", 1)[1]
    elif where.startswith("arrives:"):
        when, _, zone = where.split(":", 1)[1].partition("@")
        u["arrives"] = {"turn": int(when), "zone": zone}
    else:
        x, y = where.split(",")
        u["at"] = [int(x), int(y)]
    for kv in words[4:]:
        k, _, v = kv.partition("=")
        u[k] = int(v) if v.lstrip("-").isdigit() else v
    return u


def tiny_data(rows: str, units: list[str], **over: Any) -> dict[str, Any]:
    grid = [r for r in textwrap.dedent(rows).strip("\n").split("\n")]
    w, h = len(grid[0]), len(grid)
    data: dict[str, Any] = {
        "format": 1, "id": "tiny", "title": "Tiny test position",
        "calendar": {"start": "2017-11-06T06:00", "turn_hours": 12, "turns": 6},
        "turn_order": ["blue", "red"],
        "terrain": {
            "open": {"char": ".", "name": "Open", "move_cost": 1, "defence": 1.0},
            "urban": {"char": "#", "name": "Urban", "move_cost": 2, "defence": 2.0, "cover": 0.6, "blocks_sight": True, "urban": 1.0},
            "suburb": {"char": "+", "name": "Suburb", "move_cost": 1.5, "defence": 1.5, "cover": 0.4, "urban": 0.5},
            "river": {"char": "~", "name": "River", "move_cost": None, "defence": 1.0, "river": True},
            "bridge": {"char": "=", "name": "Bridge", "move_cost": 1, "defence": 1.0, "bridge": True},
        },
        "map": {"cell_km": 0.4, "rows": "\n".join(grid) + "\n"},
        "zones": {"all": {"name": "Everywhere", "rects": [[0, 0, w - 1, h - 1]]},
                  "left": {"name": "Left edge", "rects": [[0, 0, 0, h - 1]]}},
        "sides": {"blue": {"name": "Blue", "rally_zone": "left"}, "red": {"name": "Red"}},
        "factions": {"blue": {"side": "blue", "name": "Blue force", "color": "#3355aa", "description": "Test."},
                     "red": {"side": "red", "name": "Red force", "color": "#aa3333", "description": "Test."}},
        "unit_types": TYPES,
        "units": [unit(u) for u in units],
        "phases": [{"id": "start", "name": "Start"}],
        "victory": {s: {"objectives": [{"zone": "all", "points": 1}], "win_at": 1, "lose_below": 0} for s in ("blue", "red")},
    }
    for k, v in over.items():
        data[k] = v
    return data


def tiny_game(rows: str, units: list[str], **over: Any) -> Game:
    data = tiny_data(rows, units, **over)
    located = loads_located(yaml.safe_dump(data, sort_keys=False), "tiny.yaml")
    problems = check_data(located)
    if problems:
        raise ScenarioError(problems)
    return Game(build(located, Path("tiny.yaml"), []))


def tiny(rows: str, units: list[str], seed: int = 1, **over: Any) -> tuple[Game, State]:
    game = tiny_game(rows, units, **over)
    return game, game.new_initial_state(seed)
