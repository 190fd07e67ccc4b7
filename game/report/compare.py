"""Two games side by side: a what-if branch against the historical line (or any two saves).

The comparison reads only what both logs say (phases, control events, losses, the result), so
it works for a branch made in educator mode as well as for two unrelated saves of one scenario.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.narrate.visitor import walk
from game.report.charts import ControlLine, control_chart
from game.report.collectors import (
    BeatReached,
    ControlCollector,
    LossCollector,
    OutcomeCollector,
    Stamp,
    TimelineCollector,
    key_zones,
)
from game.report.images import Image
from game.session import Session


def initial_shares(session: Session) -> dict[str, dict[str, float]]:
    """Zone shares at set-up, which the engine records without a ``control`` event."""
    if not session.snapshots:
        return {}
    return dict(session.snapshots[min(session.snapshots)][2].zone_shares)


@dataclass
class GameDigest:
    """What the report needs from one game's log, gathered in one walk."""

    session: Session
    timeline: TimelineCollector
    losses: LossCollector
    control: ControlCollector
    outcome: OutcomeCollector

    @classmethod
    def of(cls, session: Session, *extra: Any) -> GameDigest:
        sc = session.scenario
        d = cls(session, TimelineCollector(sc), LossCollector(sc), ControlCollector(sc, initial_shares(session)),
                OutcomeCollector())
        walk(session.events, d.timeline, d.losses, d.control, d.outcome, *extra)
        d.losses.reconcile(session.state.losses)
        return d

    @property
    def last_turn(self) -> int:
        return self.session.state.turn


@dataclass
class LineSummary:
    label: str
    file: str
    over: bool
    last: Stamp | None
    winner: str  # side name, or "" when no side scored more than all others
    points: dict[str, float]
    beats: dict[str, BeatReached]
    losses: dict[str, int]  # faction -> steps
    shares: dict[str, dict[str, float]]  # zone -> side -> final share
    declared: Stamp | None


@dataclass
class Comparison:
    base: LineSummary
    other: LineSummary
    shared_actions: int
    diverge: Stamp | None  # where the two games part (the start of the turn of the first differing action)
    phases: list[tuple[str, str]]  # (id, name) in scenario order
    zones: list[tuple[str, str]]
    sides: list[tuple[str, str]]
    factions: list[tuple[str, str, str]]  # (id, name, side name)
    charts: list[Image] = field(default_factory=list)
    same_scenario: bool = True


def summarise(d: GameDigest, label: str, file: str) -> LineSummary:
    sc = d.session.scenario
    over = d.outcome.over
    winner = ""
    points = dict(d.session.state.points)
    if over is not None:
        w = over.get("winner")
        winner = sc.sides[w].name if w in sc.sides else ""
        points = dict(over.get("points") or points)
    declared = next((e.at for e in d.timeline.entries if e.kind == "declaration"), None)
    return LineSummary(label, file, over is not None, d.outcome.last, winner, points,
                       {b.phase: b for b in reversed(d.timeline.beats)},
                       {f: r.total for f, r in d.losses.by_faction.items()}, dict(d.control.final), declared)


def shared_prefix(a: list[str], b: list[str]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def turn_after(session: Session, n_actions: int) -> int:
    """The turn during which action number ``n_actions + 1`` is played, from the session's snapshots."""
    turns = [t for t, (k, _, _) in session.snapshots.items() if k <= n_actions]
    return max(turns) if turns else 1


def compare(base: GameDigest, other: GameDigest, base_label: str, other_label: str,
            base_file: str, other_file: str) -> Comparison:
    sc = other.session.scenario
    same = base.session.scenario.digest == sc.digest
    n = shared_prefix(base.session.actions, other.session.actions) if same else 0
    diverge = None
    if same and base.session.seed == other.session.seed:
        t = turn_after(other.session, n)
        diverge = Stamp(t, *sc.calendar.turn_start(t).strftime("%Y-%m-%d %H:%M").split())
    zones = key_zones(sc)
    comp = Comparison(
        summarise(base, base_label, base_file), summarise(other, other_label, other_file),
        n if same and base.session.seed == other.session.seed else 0, diverge,
        [(p.id, p.name) for p in sc.phases], [(z, sc.zones[z].name) for z in zones],
        [(s, sc.sides[s].name) for s in sc.turn_order],
        [(f, x.name, sc.sides[x.side].name) for f, x in sc.factions.items()], same_scenario=same)
    for side, dec in sc.declarations.items():
        lines = []
        for d, label, style in ((base, base_label, "--"), (other, other_label, "-")):
            last = d.last_turn
            times = [sc.calendar.turn_start(t) for t in range(1, last + 1)]
            lines.append(ControlLine(label, times, d.control.series(dec.zone, side, last), style))
        comp.charts.append(control_chart(lines, f"Share of {sc.zones[dec.zone].name} held by {sc.sides[side].name}",
                                         sc.sides[side].color, sc,
                                         [base.timeline.beats, other.timeline.beats]))
    return comp


def branch_base(save_path: Path, meta: dict[str, Any]) -> Path | None:
    """The save a branch was made from (``meta.branch_of.save``), relative to the branch's folder."""
    info = meta.get("branch_of") if isinstance(meta, dict) else None
    if not isinstance(info, dict) or not isinstance(info.get("save"), str) or not info["save"]:
        return None
    p = Path(info["save"]).expanduser()
    return p if p.is_absolute() else save_path.parent / p
