"""A side's commander: the scenario's decision profile read against what the side observes.

A policy is decisions x tactics. This module holds the decisions: which of the profile's
decisions hold now (``when`` true and its ``until`` never yet reached), judged only from the
side's observation and what it remembers of earlier ones. The tactics (``planner`` and its role
modules) ask it "is a declaration decided?", "is this unit to stand down?", "do we strike?"; where
the profile is silent, the tactics decide. Conditions name no turn and no date: the format has no
way to say one (see ``game.scenario.decisions``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from game.engine.observation import Observation, UnitView
from game.engine.state import ALERT, STOOD_DOWN
from game.engine.tally import zone_share
from game.scenario.model import Decision, DecisionProfile, Scenario

CONTACT = 1  # a unit with an enemy in sight this close keeps its posture: a decision does not reach into a fight


class ProfileError(ValueError):
    """A profile a side does not have: front ends turn it into one clear line."""


def profile_of(scenario: Scenario, side: str, name: str) -> DecisionProfile:
    """The named profile of ``side``; raises ProfileError naming what there is."""
    if side not in scenario.turn_order:
        raise ProfileError(f"unknown side '{side}'; sides are: {', '.join(scenario.turn_order)}")
    profiles = scenario.decisions.get(side, {})
    if not profiles:
        raise ProfileError(f"scenario '{scenario.id}' has no decisions for {side}")
    if name not in profiles:
        raise ProfileError(f"{side} has no decision profile '{name}'; its profiles are: {', '.join(sorted(profiles))}")
    return profiles[name]


@dataclass
class Commander:
    """The decisions of one side under one profile, with the memory they need."""

    side: str
    profile: DecisionProfile | None
    lapsed: set[str] = field(default_factory=set)  # decisions whose 'until' has been reached
    searches: int = 0
    leaving: frozenset[str] | None = None  # units picked to redeploy (once, when the decision first holds)
    arrived: set[str] = field(default_factory=set)  # own units an 'arrived' condition names, once seen on the map
    _turn: int = -1
    _active: dict[str, list[Decision]] = field(default_factory=dict)
    # every unit an 'arrived' condition of the profile names, with the profile it was read from
    _awaited: tuple[DecisionProfile, frozenset[str]] | None = field(default=None, repr=False, compare=False)

    @property
    def name(self) -> str:
        return self.profile.id if self.profile is not None else "tactics only"

    def update(self, obs: Observation) -> None:
        """Once per observation: remember arrivals, and work out which decisions hold this turn.

        Arrivals are asked about only for the units the profile's conditions name (a few, often
        none): those are looked up in the observation, rather than every own unit remembered."""
        if self.profile is None:
            return
        kept = self._awaited
        if kept is None or kept[0] is not self.profile:
            kept = self._awaited = (self.profile, frozenset(uid for d in self.profile.decisions
                                                            for cond in (d.when, d.until)
                                                            for uid in (cond or {}).get("arrived", ())))
        for uid in kept[1] - self.arrived:
            v = obs.units.get(uid)
            if v is not None and v.side == obs.side:
                self.arrived.add(uid)
        active: dict[str, list[Decision]] = {}
        for d in self.profile.decisions:
            if d.id in self.lapsed:
                continue
            if d.until and self.holds(obs, d.until):
                self.lapsed.add(d.id)
                continue
            if self.holds(obs, d.when):
                active.setdefault(d.do, []).append(d)
        self._active = active
        self._turn = obs.turn

    def has(self, verb: str) -> bool:
        """The profile makes this kind of decision at all (so the tactics leave it alone)."""
        return self.profile is not None and any(d.do == verb for d in self.profile.decisions)

    def active(self, verb: str) -> list[Decision]:
        return self._active.get(verb, [])

    def zones(self, verb: str) -> list[str]:
        return [d.zone for d in self.active(verb) if d.zone]

    def in_zone(self, obs: Observation, verb: str, u: UnitView) -> Decision | None:
        """The active ``verb`` decision whose zone holds unit ``u``, if any."""
        for d in self.active(verb):
            if d.zone and obs.game.zone_masks[d.zone][u.y, u.x]:
                return d
        return None

    # --- the facts a condition may test -------------------------------------------------------
    def holds(self, obs: Observation, cond: Mapping[str, Any]) -> bool:
        """Whether every fact ``cond`` names is true now. The facts are tested cheapest first (the
        answer does not depend on the order): the zone's control share, the dearest, is worked out
        only once every other fact holds, and a declaration waiting for searches asks for none."""
        if not cond:  # a decision that always holds (no 'when'), or never lapses (no 'until')
            return True
        game = obs.game
        if "searches" in cond and self.searches < cond["searches"]["at_least"]:
            return False
        if "arrived" in cond and not set(cond["arrived"]) <= self.arrived:
            return False
        if "declared" in cond and cond["declared"] not in obs.declared:
            return False
        if "not_declared" in cond and cond["not_declared"] in obs.declared:
            return False
        if "phase" in cond:
            phases = cond["phase"] if isinstance(cond["phase"], list | tuple) else [cond["phase"]]
            if obs.phase not in phases:
                return False
        if "night" in cond and bool(obs.night) != bool(cond["night"]):
            return False
        if "open_entrances" in cond:
            c = cond["open_entrances"]
            mask = game.zone_masks[c["zone"]]
            n = sum(1 for nid in obs.known_nodes if nid not in obs.collapsed
                    and mask[game.nodes[nid].at[1], game.nodes[nid].at[0]])
            if not _within(n, c):
                return False
        if "enemies_seen" in cond:
            c = cond["enemies_seen"]
            mask = game.zone_masks[c["zone"]]
            if not _within(sum(1 for e in obs.enemies() if not e.underground and mask[e.y, e.x]), c):
                return False
        if "control" in cond:
            c = cond["control"]
            return _within(zone_share(game, obs.control, c["zone"], self.side), c)
        return True

    # --- decisions the tactics ask about ------------------------------------------------------
    def declare(self) -> bool | None:
        """True: declare now; False: not yet; None: the profile leaves it to the tactics."""
        if not self.has("declare"):
            return None
        return bool(self.active("declare"))

    def strike(self) -> bool | None:
        """True: strike from below now; False: stay hidden; None: the tactics decide."""
        if self.active("strike"):
            return True
        if self.active("stay_hidden"):
            return False
        return None

    def posture_for(self, obs: Observation, u: UnitView) -> str | None:
        """The posture the profile orders for ``u`` now (None: the tactics choose)."""
        if self.in_zone(obs, "keep_alert", u) is not None:
            return ALERT
        if self.in_zone(obs, "stand_down", u) is not None:
            if any(max(abs(e.x - u.x), abs(e.y - u.y)) <= CONTACT for e in obs.enemies()):
                return None
            return STOOD_DOWN
        return None

    def leavers(self, obs: Observation) -> frozenset[str]:
        """Units picked to leave for other fronts: the share of the zone's units the decision names,
        chosen once when it first holds (every k-th by id, so the garrison thins evenly)."""
        if self.leaving is not None:
            return self.leaving
        decs = self.active("redeploy")
        if not decs:
            return frozenset()
        d = decs[0]
        mask = obs.game.zone_masks[d.zone or ""]
        inside = sorted((u for u in obs.own() if not u.underground and mask[u.y, u.x]), key=lambda v: v.id)
        n = max(1, int(len(inside) * (d.share or 0.0))) if inside and d.share else 0
        step = len(inside) / n if n else 0
        self.leaving = frozenset(inside[int(i * step + step / 2)].id for i in range(n)) if n else frozenset()
        return self.leaving


def _within(value: float, c: Mapping[str, Any]) -> bool:
    if "at_least" in c and value < c["at_least"]:
        return False
    return not ("at_most" in c and value > c["at_most"])
