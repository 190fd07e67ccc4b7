"""Build the after-action report: walk the event log with the collectors, draw the pictures, fill the template.

The page is one HTML file with every image embedded, so it opens from a USB stick with no network;
the wording lives in the Jinja2 templates shipped in ``game/report/templates``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from game import __version__
from game.engine.state import ACTIVE
from game.narrate import Narrator
from game.narrate.grammar import short_label
from game.report.charts import StrengthSeries, strength_chart
from game.report.collectors import (
    Decision,
    DecisionCollector,
    Stamp,
    TimelineEntry,
    TurnNote,
    TurnNotesCollector,
    key_zones,
    when_label,
)
from game.report.compare import Comparison, GameDigest, compare, initial_shares
from game.report.handout import Classroom, classroom
from game.report.history import HistoryPart, SourceEntry, collect_sources, history_part
from game.report.images import Image
from game.report.maps import god_view, scenario_renderer
from game.report.odds_section import OddsSection, odds_section
from game.report.window import WindowSection, window_section
from game.session import Session, write_atomic
from game.sim.odds import Odds

FOLLOW_TURNS = 3  # "what followed" a decision looks this many turns ahead
MARKER = re.compile(r"\[(S\d+)\]")


@dataclass
class TurnMap:
    turn: int
    at: Stamp
    night: bool
    phase: str
    image: Image
    note: TurnNote | None
    final: bool = False

    @property
    def anchor(self) -> str:
        return "map-end" if self.final else f"map-turn-{self.turn}"


@dataclass
class LossRow:
    faction: str
    side: str
    color: str
    committed: int
    lost: int
    expended: int
    other: int
    withdrawn: int
    at_end: int
    destroyed: list[str]


@dataclass
class FactionInfo:
    name: str
    side: str
    color: str
    description: str


@dataclass
class Other:
    """A second game to compare with: its session, how to call it, and the file it came from."""

    session: Session
    label: str
    file: str


@dataclass
class Report:
    title: str
    summary: str
    scenario_id: str
    save_file: str
    seed: int
    generated: str
    game_version: str
    turn_hours: int
    cell_km: float
    sides: dict[str, str]
    side_colors: dict[str, str]
    zones: dict[str, str]
    factions: dict[str, str]
    faction_info: list[FactionInfo]
    is_branch: bool
    branch_note: str
    over: bool
    last: Stamp | None
    winner: str
    results: dict[str, str]
    points: dict[str, float]
    reason: str
    timeline: list[TimelineEntry]
    beats_missing: list[str]
    decisions: list[Decision]
    follow_turns: int
    losses: list[LossRow]
    control: list[tuple[str, dict[str, float]]]
    maps: list[TurnMap]
    map_choice: str
    legend: Image | None
    strength: Image
    sources: list[SourceEntry]
    comparison: Comparison | None
    comparison_note: str
    odds: OddsSection | None
    history: HistoryPart | None = None
    classroom: Classroom | None = None
    windows: list[WindowSection] = field(default_factory=list)

    def source_title(self, key: str) -> str:
        return next((s.title for s in self.sources if s.key == key), "")


def split_markers(text: str) -> list[tuple[str, str]]:
    """'... clear [S28].' -> [('... clear ', ''), ('', 'S28'), ('.', '')]: the template links the markers."""
    parts: list[tuple[str, str]] = []
    pos = 0
    for m in MARKER.finditer(text or ""):
        if m.start() > pos:
            parts.append((text[pos:m.start()], ""))
        parts.append(("", m.group(1)))
        pos = m.end()
    if pos < len(text or ""):
        parts.append((text[pos:], ""))
    return parts


def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("game.report", "templates"),
                             autoescape=jinja2.select_autoescape(["html", "j2"], default=True),
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             extensions=["jinja2.ext.do"])
    env.filters["markers"] = split_markers
    env.filters["when"] = lambda s: s.label if isinstance(s, Stamp) else when_label(str(s))
    env.filters["short"] = lambda s: short_label(s.date, s.time)
    env.filters["pct"] = lambda v: f"{100 * float(v):.0f}%"
    return env


def strength_series(session: Session) -> StrengthSeries:
    """Strength on the map and total losses per faction at each turn's start, and at the end."""
    game, sc = session.game, session.scenario
    states = [(t, st) for t, (_, _, st) in sorted(session.snapshots.items())]
    times = [sc.calendar.turn_start(t) for t, _ in states]
    states.append((session.state.turn, session.state))
    times.append(sc.calendar.turn_start(session.state.turn) + dt.timedelta(hours=sc.calendar.turn_hours))
    strength: dict[str, list[int]] = {f: [] for f in sc.factions}
    losses: dict[str, list[int]] = {f: [] for f in sc.factions}
    for _, st in states:
        obs = god_view(game, st)
        per = dict.fromkeys(sc.factions, 0)
        for u in obs.units.values():
            per[u.faction] = per.get(u.faction, 0) + u.strength
        for f in sc.factions:
            strength[f].append(per.get(f, 0))
            losses[f].append(int(st.losses.get(f, 0)))
    return StrengthSeries(times, strength, losses)


def _loss_rows(session: Session, digest: GameDigest) -> list[LossRow]:
    sc = session.scenario
    specs = {u.id: u for u in sc.units}
    first = session.snapshots.get(1, (0, 0, session.state))[2] if session.snapshots else session.state
    committed = dict.fromkeys(sc.factions, 0)
    for u in first.units.values():
        if u.status == ACTIVE:
            committed[u.faction] += u.strength
    for ev in session.events:
        if ev.kind == "arrived" and ev.get("unit") in specs:
            s = specs[ev.data["unit"]]
            committed[s.faction] += s.strength or sc.unit_types[s.type].strength
    at_end = dict.fromkeys(sc.factions, 0)
    for u in session.state.units.values():
        if u.status == ACTIVE:
            at_end[u.faction] += u.strength
    rows = []
    for fid, f in sc.factions.items():
        rec = digest.losses.by_faction[fid]
        rows.append(LossRow(f.name, sc.sides[f.side].name, f.color, committed[fid], rec.lost, rec.expended,
                            rec.other, rec.withdrawn, at_end[fid], rec.destroyed))
    return rows


MAP_CHOICES = ("every", "beats", "none")


def map_turns(session: Session, which: str) -> list[int]:
    """The turns that get a map: every turn, or (for a shorter printout) the first turn and the turn
    after each beat began, showing the position the beat produced."""
    turns = sorted(session.snapshots)
    if which == "every":
        return turns
    if which == "none":
        return []
    after = {e.turn + 1 for e in session.events if e.kind == "phase" and e.get("previous") is not None}
    return [t for t in turns if t == turns[0] or t in after]


def _maps(session: Session, notes: dict[int, TurnNote], which: str) -> tuple[list[TurnMap], Image | None]:
    if which == "none":
        return [], None
    game, sc = session.game, session.scenario
    r = scenario_renderer(game)
    out = []
    for turn in map_turns(session, which):
        st = session.snapshots[turn][2]
        at = Stamp(turn, *game.date_of(turn).split())
        phase = game.phase_names.get(st.phase, st.phase)
        img = r.draw(god_view(game, st), f"Map at the start of turn {turn} ({at.label}), phase: {phase}; "
                                          "all units and tunnels shown.")
        out.append(TurnMap(turn, at, sc.calendar.is_night(turn), phase, img, notes.get(turn)))
    st = session.state
    end = sc.calendar.turn_start(st.turn) + dt.timedelta(hours=sc.calendar.turn_hours)
    at = Stamp(st.turn, end.strftime("%Y-%m-%d"), end.strftime("%H:%M"))
    label = "at the end of the game" if st.over else "where the save ends"
    img = r.draw(god_view(game, st), f"Map {label} ({at.label}); all units and tunnels shown.")
    out.append(TurnMap(st.turn, at, sc.calendar.is_night(st.turn), game.phase_names.get(st.phase, st.phase),
                       img, None, final=True))
    return out, r.legend()


def build_report(session: Session, save_file: str = "", other: Other | None = None, odds: Odds | None = None,
                 follow_turns: int = FOLLOW_TURNS, comparison_note: str = "", maps: str = "every",
                 odds_partial: bool = False, windows: list[dict[str, Any]] | None = None,
                 odds_line: Session | None = None) -> Report:
    """Everything the template shows, gathered from one session (and optionally a second and the odds).

    ``maps`` is "every" (a map per turn), "beats" (the first turn and the turn after each beat, for a
    short printout) or "none". ``odds_line`` is the line the odds were run from (its beats before the
    runs' start are shown as past), when it is not this session.
    """
    sc = session.scenario
    decisions = DecisionCollector(sc, follow_turns, initial_shares(session))
    notes = TurnNotesCollector(sc)
    digest = GameDigest.of(session, decisions, notes)
    if maps not in MAP_CHOICES:
        raise ValueError(f"maps is one of {', '.join(MAP_CHOICES)}")
    pictures, legend = _maps(session, notes.notes, maps)
    beats = digest.timeline.beats
    reached = {b.phase for b in beats}
    say = Narrator(sc)  # names for the result table: never an id, even for a side the scenario lacks
    over = digest.outcome.over
    winner = ""
    results: dict[str, str] = {}
    points = dict(session.state.points)
    reason = ""
    if over is not None:
        w = over.get("winner")
        winner = sc.sides[w].name if w in sc.sides else ""
        results = {say.side(s): r for s, r in (over.get("results") or {}).items()}
        points = dict(over.get("points") or points)
        reason = over.get("reason", "")
    branch = session.meta.get("branch_of") if isinstance(session.meta, dict) else None
    branch_note = ""
    if isinstance(branch, dict):
        branch_note = f"This game is a what-if branch of {branch.get('save', 'another save')}"
        if isinstance(branch.get("at_action"), int):
            branch_note += f", made after its first {branch['at_action']} actions"
        branch_note += "."
    comparison = None
    if other is not None:
        mine = "This branch" if branch else "This game"
        comparison = compare(GameDigest.of(other.session), digest, other.label, mine, other.file, save_file)
    control = [(sc.zones[z].name, digest.control.final.get(z, {})) for z in key_zones(sc)]
    part = history_part(session)
    room = classroom(session, with_map=False)
    return Report(
        title=sc.title, summary=sc.summary, scenario_id=sc.id, save_file=save_file, seed=session.seed,
        generated=dt.date.today().isoformat(), game_version=__version__, turn_hours=sc.calendar.turn_hours,
        cell_km=sc.cell_km, sides={s: x.name for s, x in sc.sides.items()},
        side_colors={s: x.color for s, x in sc.sides.items()}, zones={z: x.name for z, x in sc.zones.items()},
        factions={f: x.name for f, x in sc.factions.items()},
        faction_info=[FactionInfo(f.name, sc.sides[f.side].name, f.color, f.description) for f in sc.factions.values()],
        is_branch=bool(branch), branch_note=branch_note,
        over=over is not None, last=digest.outcome.last, winner=winner, results=results,
        points={say.side(s): p for s, p in points.items()}, reason=reason,
        timeline=digest.timeline.entries, beats_missing=[p.name for p in sc.phases if p.id not in reached],
        decisions=decisions.decisions, follow_turns=follow_turns, losses=_loss_rows(session, digest),
        control=control, maps=pictures, map_choice=maps, legend=legend,
        strength=strength_chart(strength_series(session), sc, beats),
        sources=collect_sources(session, digest.timeline.entries, part, room.glossary), comparison=comparison,
        comparison_note=comparison_note, odds=odds_section(odds_line or session, odds, odds_partial) if odds else None,
        history=part, classroom=room, windows=[window_section(w, sc) for w in windows or ()])


def render_html(report: Report) -> str:
    return environment().get_template("report.html.j2").render(r=report)


def write_report(session: Session, out_dir: str | Path, save_file: str = "", other: Other | None = None,
                 odds: Odds | None = None, follow_turns: int = FOLLOW_TURNS, comparison_note: str = "",
                 maps: str = "every", name: str = "report.html", odds_partial: bool = False,
                 windows: list[dict[str, Any]] | None = None, odds_line: Session | None = None) -> Path:
    """Build, render and write the report atomically into ``out_dir`` (created if missing)."""
    html = render_html(build_report(session, save_file, other, odds, follow_turns, comparison_note, maps,
                                    odds_partial, windows, odds_line))
    return write_atomic(Path(out_dir) / name, html)
