"""Named policies that front ends and ``simulate`` pick per side: ``make_policy("historical", "government")``."""

from __future__ import annotations

from collections.abc import Callable

from game.ai.base import Policy
from game.ai.random_policy import RandomPolicy

Factory = Callable[[str, int, int], Policy]  # (side, seed, level) -> policy
_FACTORIES: dict[str, Factory] = {
    "random": lambda side, seed, level: RandomPolicy(side, seed),
}


def register(name: str, factory: Factory) -> None:
    _FACTORIES[name] = factory


def _load_builtin() -> None:
    """Import the modules that register the other policies (kept lazy for start-up time)."""
    import importlib

    for mod in ("game.ai.planner",):
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as e:
            if e.name != mod:
                raise


def policy_names() -> list[str]:
    _load_builtin()
    return sorted(_FACTORIES)


def make_policy(name: str, side: str, seed: int = 0, level: int = 0) -> Policy:
    """A policy by name; raises ValueError naming the known policies.

    ``level`` is the AI's tactics level for level-aware policies (``ai``, ``historical``,
    ``vigilant``): 0 (the fast tactics studies and demos use) unless a front end passes the
    player's choice; names such as ``ai2`` or ``historical2`` pin it."""
    _load_builtin()
    if name not in _FACTORIES:
        raise ValueError(f"unknown policy '{name}'; policies are: {', '.join(sorted(_FACTORIES))}")
    return _FACTORIES[name](side, seed, level)
