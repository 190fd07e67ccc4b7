"""The conformance run: seeded games (random and AI play) with the engine's guarantees checked at every step.

Modelled on OpenSpiel's random simulation test: play, and at each step check that the state
serialises and copies cleanly, that every legal action is accepted and sampled illegal ones are
refused without giving anything away, that the invariants hold, and that no side is shown more
than the rulebook lets it see (checked with ``conformance_sight``, the tests' own sight).

A break is recorded as a ``Finding`` (check, known-bug tag, where, what) instead of stopping the
game, so one run feeds every property test and a report can say how often each break happened.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from conformance_sight import Eye, Sight

from game.engine import actions as A
from game.engine.errors import EngineError, IllegalAction, MalformedAction
from game.engine.events import Event
from game.engine.game import Game
from game.engine.state import ACTIVE, State

ALL_APPLIED_UP_TO = 80  # every listed action is carried out on a copy when there are no more than this
APPLIED_PER_STEP = 6  # otherwise this many orders and half as many moves (every listed action is still checked)
PROBES_PER_STEP = 6  # illegal actions tried each step
UNIT_FIELDS = ("unit", "attacker", "defender", "target", "by", "cause")
PLACE_FIELDS = ("cell", "frm", "to", "attacker_cell")
CELL_IS_NOT_THE_UNITS = {"tunnel_demolished"}  # its cell is the entrance's; the engineer stands next to it


@dataclass(frozen=True)
class Finding:
    check: str
    tag: str  # "bugN" when it matches a known engine bug of issue 10, "" when it is new
    where: str  # scenario, seed, step
    what: str


@dataclass
class Run:
    """What one or more games checked, and what broke."""

    games: int = 0
    steps: int = 0
    legal_checked: int = 0
    applied_on_copies: int = 0
    illegal_tried: int = 0
    events_checked: int = 0
    findings: list[Finding] = field(default_factory=list)

    def add(self, other: Run) -> None:
        for name in ("games", "steps", "legal_checked", "applied_on_copies", "illegal_tried", "events_checked"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.findings += other.findings

    def of(self, check: str, tag: str = "") -> list[Finding]:
        return [f for f in self.findings if f.check == check and f.tag == tag]

    def summary(self) -> str:
        counts = Counter((f.check, f.tag or "new") for f in self.findings)
        found = ", ".join(f"{c}[{t}] x{n}" for (c, t), n in sorted(counts.items())) or "none"
        return (f"{self.games} games, {self.steps} steps, {self.legal_checked} legal actions checked, "
                f"{self.applied_on_copies} applied on copies, {self.illegal_tried} illegal tried, "
                f"{self.events_checked} events checked; breaks: {found}")


class Checker:
    """Checks one game step by step; ``findings`` collects what broke."""

    def __init__(self, game: Game, label: str, seed: int) -> None:
        self.game = game
        self.sight = Sight(game)
        self.label = label
        self.rng = np.random.default_rng([seed, 7])
        self.run = Run(games=1)
        self.step = 0
        self.known = {s: set(game.scenario.tunnels.known_to.get(s, frozenset())) for s in game.sides}
        self.ever_seen: dict[str, set[tuple[str, int, int]]] = {s: set() for s in game.sides}

    def fail(self, check: str, what: str, tag: str = "") -> None:
        if len(self.run.findings) < 200:
            self.run.findings.append(Finding(check, tag, f"{self.label} step {self.step}", what))

    def track(self, events: list[Event]) -> None:
        """Follow an unchecked action: only the tunnel entrances each side was told it found."""
        for ev in events:
            if ev.kind == "tunnel_found" and ev.get("side") in self.known:
                self.known[ev.get("side")].add(ev.get("node"))

    def resume(self, state: State) -> None:
        """Start checking here: what each side remembers from the unchecked part is taken as given."""
        for s in self.game.sides:
            self.ever_seen[s] |= {(uid, g.x, g.y) for uid, g in state.knowledge[s].last_seen.items()}
            self.ever_seen[s] |= {(uid, x, y) for uid, (x, y) in self.sight.visible(state, s).items()}

    # --- before the chosen action -----------------------------------------------------------
    def before(self, state: State) -> list[A.Action]:
        """Every check on the position itself; returns the legal actions."""
        game = self.game
        h = state.hash()
        self.round_trip(state, h)
        legal = game.legal_actions(state)
        self.run.legal_checked += len(legal)
        side = game.current_side(state)
        obs = game.observe(state, side) if side else None
        for a in legal:
            try:
                if A.parse(a.text()) != a:
                    self.fail("text", f"'{a.text()}' reads back as {A.parse(a.text())!r}")
                game.check(state, a, obs)
            except EngineError as e:
                self.fail("legal", f"listed action '{a.text()}' refused: {e}")
        for a in self.to_apply(legal):
            self.on_copy(state, a)
        if state.hash() != h:
            self.fail("copy", "applying listed actions to copies changed the original")
        self.illegal(state, legal)
        if state.hash() != h:
            self.fail("refusal", "a refused action changed the state")
        return legal

    def to_apply(self, legal: list[A.Action]) -> list[A.Action]:
        """Which listed actions to carry out on copies: all of them in a small position; in a large one
        a sample that favours the rarer orders (attacks, tunnels, postures) over the many moves."""
        if len(legal) <= ALL_APPLIED_UP_TO:
            return legal
        moves = [a for a in legal if isinstance(a, A.Move)]
        others = [a for a in legal if not isinstance(a, A.Move)]
        pick = self.rng.permutation
        return ([others[int(i)] for i in pick(len(others))[:APPLIED_PER_STEP]]
                + [moves[int(i)] for i in pick(len(moves))[:APPLIED_PER_STEP // 2]])

    def round_trip(self, state: State, h: str) -> None:
        back = State.from_dict(json.loads(json.dumps(state.to_dict())))
        if back.hash() != h:
            self.fail("serialise", "a state read back from its JSON form hashes differently")

    def on_copy(self, state: State, action: A.Action) -> None:
        twin = state.copy()
        try:
            self.game.apply(twin, action)
        except EngineError as e:
            self.fail("legal", f"listed action '{action.text()}' failed when applied: {e}")
            return
        self.run.applied_on_copies += 1
        twin.rng.random()
        self.invariants(twin, f"on a copy after '{action.text()}'")

    def illegal(self, state: State, legal: list[A.Action]) -> None:
        game = self.game
        side = game.current_side(state)
        if side is None:
            return
        listed = set(legal)
        hidden = {u.id for u in state.units.values() if u.side != side and u.id not in game.observe(state, side).units}
        unknown_nodes = set(game.nodes) - self.known[side]
        from conformance_play import FAKE, illegal_probes  # the probes live with the players

        for probe, twin_probe in illegal_probes(game, state, side, hidden, unknown_nodes, self.rng, PROBES_PER_STEP):
            if isinstance(probe, A.Action) and probe in listed:
                continue
            self.run.illegal_tried += 1
            msg = self.refusal(state, probe)
            if msg is None:
                continue
            text = probe if isinstance(probe, str) else probe.text()
            secret = [u for u in hidden | unknown_nodes if _names(msg, u) and not _names(text, u)]
            if secret:
                self.fail("refusal", f"refusing '{probe}' named hidden {sorted(secret)}: {msg}")
            if twin_probe is not None:
                real, fake = twin_probe
                other = self.refusal(state, fake)
                if other is not None and _blank(msg, real) != _blank(other, FAKE):
                    self.fail("refusal", f"'{probe}' and the same with an unknown id are refused differently: "
                                         f"{msg!r} vs {other!r}")

    def refusal(self, state: State, probe: A.Action | str) -> str | None:
        try:
            self.game.apply(state, probe)
        except (IllegalAction, MalformedAction) as e:
            return str(e)
        except Exception as e:  # noqa: BLE001 - any other exception is itself the finding
            self.fail("refusal", f"'{probe}' raised {type(e).__name__}: {e}")
            return None
        self.fail("refusal", f"'{probe}' was accepted though not listed as legal")
        return None

    # --- after the chosen action -------------------------------------------------------------
    def after(self, state: State, action: A.Action, events: list[Event], eyes_before: dict[str, list[Eye]],
              seen_before: dict[str, dict[str, tuple[int, int]]]) -> None:
        self.step += 1
        self.run.steps += 1
        self.invariants(state, f"after '{action.text()}'")
        eyes_after = {s: self.sight.eyes(state, s) + self._passing_eyes(state, s, events) for s in self.game.sides}
        seen_after = {s: self.sight.visible(state, s) for s in self.game.sides}
        for s in self.game.sides:
            for uid, (x, y) in seen_after[s].items():
                self.ever_seen[s].add((uid, x, y))
        self.events(state, events, eyes_before, eyes_after, seen_before, seen_after)
        for s in self.game.sides:
            self.observation(state, s, seen_after[s], action)

    def _passing_eyes(self, state: State, side: str, events: list[Event]) -> list[Eye]:
        """Where the side's units looked from during the action: the cells they moved through, by day and night.

        A unit that sees an enemy at the start of its turn and then falls back has seen it; the
        events may say so even though neither the position before nor the one after shows it.
        """
        out = []
        for ev in events:
            u = state.units.get(ev.get("unit"))
            if ev.kind != "move" or u is None or u.side != side:
                continue
            for cell in [ev.get("frm"), *(ev.get("path") or [])]:
                if cell:
                    out += [self.sight.eye(u, night, tuple(cell)) for night in (False, True)]
        return out

    def invariants(self, state: State, when: str) -> None:
        game, sight = self.game, self.sight
        surface: dict[tuple[int, int], list] = {}
        for u in state.units.values():
            if not (0 <= u.strength <= u.max_strength) or not (0 <= u.morale <= 100):
                self.fail("invariants", f"{u.id} strength {u.strength}/{u.max_strength} morale {u.morale} {when}")
            if u.status != ACTIVE:
                continue
            if u.strength <= 0:
                self.fail("invariants", f"{u.id} is on the map with no strength {when}")
            if not (0 <= u.x < game.width and 0 <= u.y < game.height):
                self.fail("invariants", f"{u.id} is off the map at {u.cell} {when}")
                continue
            boat = "boat" in game.scenario.unit_types[u.type].abilities
            if sight.impassable[u.y, u.x] and not (boat and sight.river[u.y, u.x]):
                self.fail("invariants", f"{u.id} stands on impassable ground at {u.cell} {when}")
            if u.underground:
                if u.node not in game.nodes or game.nodes[u.node].at != u.cell or u.node in state.collapsed:
                    self.fail("invariants", f"{u.id} is underground at {u.node} but placed at {u.cell} {when}")
            else:
                surface.setdefault(u.cell, []).append(u)
        for cell, here in surface.items():
            sides = Counter(u.side for u in here)
            if len(sides) > 1:
                tag = "bug1" if any(u.broken for u in here) else ""
                self.fail("invariants", f"sides {sorted(sides)} share {cell} {when}", tag)
            if max(sides.values()) > game.rules.stack_limit:
                self.fail("invariants", f"{dict(sides)} units on {cell} over the stack limit {when}")
        if state.control.min() < -1 or state.control.max() >= len(game.sides):
            self.fail("invariants", f"control layer holds an unknown side {when}")

    def observation(self, state: State, side: str, may_see: dict[str, tuple[int, int]], action: A.Action) -> None:
        obs = self.game.observe(state, side)
        for v in obs.units.values():
            if v.side == side:
                continue
            if v.id not in may_see:
                real = state.units[v.id]
                self.fail("observation", f"{side} observes {v.id} at {real.cell} (underground={real.underground}) "
                          f"after '{action.text()}'", self._why_seen(state, side, real.cell, action))
            elif v.morale is not None or v.fatigue is not None or v.mp is not None:
                self.fail("observation", f"{side} sees the morale, fatigue or orders of enemy {v.id}")
        for uid, ghost in obs.last_seen.items():
            if (uid, ghost.x, ghost.y) not in self.ever_seen[side]:
                self.fail("ghosts", f"{side} remembers {uid} at {ghost.x},{ghost.y}, where it never could see it")
        if set(obs.known_nodes) != self.known[side]:
            self.fail("tunnels", f"{side} knows nodes {sorted(obs.known_nodes)}, found {sorted(self.known[side])}")
        if not obs.collapsed <= obs.known_nodes:
            self.fail("tunnels", f"{side} is shown collapsed nodes it never found")

    def _why_seen(self, state: State, side: str, cell: tuple[int, int], action: A.Action) -> str:
        """Which known bug explains an enemy shown that the rules hide ('' when none does)."""
        if isinstance(action, A.Demolish):
            return "bug2"
        eyes = self.sight.eyes(state, side)
        x, y = cell
        cover = float(self.sight.cover[y, x])
        in_view = any(cell in self.sight.fov(e.x, e.y, e.sight) for e in eyes)
        close = any(max(abs(e.x - x), abs(e.y - y)) <= e.sight * (1 - cover) for e in eyes)
        return "bug4" if in_view and close else ""

    def events(self, state: State, events: list[Event], eyes_before: dict[str, list[Eye]],
               eyes_after: dict[str, list[Eye]], seen_before: dict, seen_after: dict) -> None:
        units = state.units
        for ev in events:
            self.run.events_checked += 1
            self.track([ev])
            for side in self.game.sides:
                if not ev.visible_to(side):
                    continue
                eyes = eyes_before[side] + eyes_after[side]
                for uid in _named(ev, units):
                    u = units[uid]
                    if u.side == side:
                        continue
                    fields = PLACE_FIELDS[1:] if ev.kind in CELL_IS_NOT_THE_UNITS else PLACE_FIELDS
                    placed = [tuple(ev.get(k)) for k in fields if ev.get("unit") == uid and ev.get(k)]
                    placed += [tuple(c) for c in ev.get("path") or [] if ev.get("unit") == uid]
                    if ev.get("attacker") == uid and ev.get("attacker_cell"):
                        placed.append(tuple(ev.get("attacker_cell")))
                    if ev.get("defender") == uid and ev.get("cell"):
                        placed.append(tuple(ev.get("cell")))
                    known = uid in seen_before[side] or uid in seen_after[side]
                    bad = [c for c in placed if not self.sight.sees(eyes, c)]
                    if not bad and (placed or known):  # placed only where it could be seen, or named while seen
                        for c in placed:
                            self.ever_seen[side].add((uid, c[0], c[1]))
                        continue
                    tag = self._why_told(ev, side, placed, eyes, u.underground)
                    self.fail("events", f"{side} is shown {ev.kind} naming {uid} placed at {bad or placed} "
                              f"(it could {'' if known else 'not '}see the unit)", tag)

    def _why_told(self, ev: Event, side: str, placed: list, eyes: list[Eye], underground: bool) -> str:
        """Which known bug explains an event that told too much ('' when none does)."""
        if ev.kind == "tunnel_demolished" or (ev.kind == "unit_destroyed" and ev.get("reason") != "combat"):
            return "bug5"
        if any(any(tuple(c) in self.sight.fov(e.x, e.y, e.sight) for e in eyes) for c in placed):
            return "bug3"
        # Same cause as bug 3 (who saw an event is read off the sight layer): a unit in a tunnel
        # below a watched entrance has its posture changes shown.
        return "bug3" if ev.kind == "move" or underground else ""


def _names(text: str, ident: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(ident)}(?![\w-])", text) is not None


def _blank(text: str, ident: str) -> str:
    return re.sub(rf"(?<![\w-]){re.escape(ident)}(?![\w-])", "@", text)


def _named(ev: Event, units: dict) -> set[str]:
    """Every unit an event names, in its fields or inside its text (e.g. 'saw rg124 go underground')."""
    out = {ev.get(k) for k in UNIT_FIELDS if isinstance(ev.get(k), str) and ev.get(k) in units}
    below = ev.get("losses_below")
    out |= {k for k in below if k in units} if isinstance(below, dict) else set()
    for v in ev.data.values():
        if isinstance(v, str):
            out |= {w for w in re.findall(r"[\w-]+", v) if w in units}
    return out


def snapshot(checker: Checker, state: State) -> tuple[dict[str, list[Eye]], dict[str, dict[str, tuple[int, int]]]]:
    """Each side's viewers and the units it may see, taken before an action changes them."""
    s = checker.sight
    return ({side: s.eyes(state, side) for side in checker.game.sides},
            {side: s.visible(state, side) for side in checker.game.sides})


