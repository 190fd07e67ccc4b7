"""Plain records the report's collectors share: when something happened, which beats were reached,
which zones matter, and which side each unit belongs to."""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.events import Event
from game.narrate.grammar import when_label
from game.scenario.model import Scenario

__all__ = ["BeatReached", "add_combat_losses", "Stamp", "key_zones", "unit_factions", "unit_sides", "when_label"]


@dataclass(frozen=True)
class Stamp:
    """When something happened: the turn and the turn's date and time."""

    turn: int
    date: str
    time: str

    @classmethod
    def of(cls, ev: Event) -> Stamp:
        """The stamp of an event."""
        return cls(ev.turn, ev.date, ev.time)

    @property
    def label(self) -> str:
        """'9 Nov 2017, 18:00'."""
        return when_label(self.date, self.time)


@dataclass(frozen=True)
class BeatReached:
    """A beat (phase) the game entered, and when."""

    phase: str
    name: str
    at: Stamp


def unit_factions(scenario: Scenario) -> dict[str, str]:
    """Unit id -> faction id, for counting losses by faction."""
    return {u.id: u.faction for u in scenario.units}


def unit_sides(scenario: Scenario) -> dict[str, str]:
    """Unit id -> side id, for counting losses by side."""
    return {u.id: scenario.factions[u.faction].side for u in scenario.units if u.faction in scenario.factions}


def add_combat_losses(losses: dict[str, int], ev: Event, sides: dict[str, str]) -> None:
    """Add a combat's losses to a side -> steps tally (``sides``: unit id -> side, from ``unit_sides``)."""
    for unit, steps in ((ev.get("defender"), ev.get("defender_losses", 0)),
                        (ev.get("attacker"), ev.get("attacker_losses", 0))):
        side = sides.get(unit or "", "")
        if side and steps:
            losses[side] = losses.get(side, 0) + int(steps)


def key_zones(scenario: Scenario) -> list[str]:
    """Zones the scenario scores or declares on, then zones lying inside them (e.g. city districts).

    Chosen from the data, not by name, so a what-if scenario with other objectives reports its own.
    """
    main: list[str] = []
    for dec in scenario.declarations.values():
        main.append(dec.zone)
    for v in scenario.victory.values():
        main += [o.zone for o in v.objectives]
    main = list(dict.fromkeys(z for z in main if z in scenario.zones))
    inner = [z for z, zone in scenario.zones.items() if z not in main and zone.cells
             and any(zone.cells <= scenario.zones[m].cells for m in main)]
    order = list(scenario.zones)
    return sorted(main, key=order.index) + sorted(inner, key=order.index)
