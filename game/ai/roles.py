"""Roles come from the scenario, not from names: a side that may declare victory is the *attacker*;
a side whose units use tunnels is the *hider*; any other side *races* for its objectives. So the
same AI plays a designer's variant without changes."""

from __future__ import annotations

from game.engine import actions as A
from game.engine.errors import EngineError
from game.engine.observation import Observation


def legal(obs: Observation, action: A.Action) -> bool:
    try:
        obs.game.check_observed(obs, action)
    except EngineError:
        return False
    return True


def role_of(obs: Observation, side: str) -> str:
    sc = obs.game.scenario
    if side in sc.declarations:
        return "attacker"
    for spec in sc.units:
        if sc.side_of_faction(spec.faction) == side and "tunnels" in sc.unit_types[spec.type].abilities:
            return "hider"
    return "racer"
