"""Two lines side by side for the class: who held the city turn by turn, the beats and their dates,
and the people killed, for the historical line and a what-if.

Pure (no pygame): the window's compare view draws these numbers, and a test can check them against
the engine's own tally. The zone is the one a side declares victory on (the city), from the data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from game.engine.tally import casualties_people, zone_share
from game.narrate.grammar import short_label
from game.teach.lines import Line


@dataclass(frozen=True)
class BeatDate:
    name: str
    turn: int
    when: str  # "9 Nov, 18:00"


@dataclass
class LineFacts:
    """One line's story in numbers, up to a step (the whole line by default)."""

    label: str
    turns: list[int]
    times: list[dt.datetime]
    shares: dict[str, list[float]]  # side -> share of the zone at the start of each turn
    beats: list[BeatDate]
    killed: dict[str, int]  # side name -> people killed, by the scenario's people per step
    winner: str  # "" while the line is not over, or when no side won
    over: bool


def focus_zone(line: Line) -> str | None:
    sc = line.session.scenario
    return next((d.zone for d in sc.declarations.values()), None)


def line_facts(line: Line, label: str, upto: int | None = None) -> LineFacts:
    """Control of the focus zone at each turn's start up to step ``upto``, the beats reached by then,
    and the people killed at that step (the engine's own count)."""
    tl = line.timeline
    game, sc = tl.game, tl.session.scenario
    upto = tl.end if upto is None else tl.clamp(upto)
    zone = focus_zone(line)
    turns = sorted(t for t, (k, _, _) in tl.session.snapshots.items() if k <= upto)
    shares: dict[str, list[float]] = {s: [] for s in game.sides}
    for t in turns:
        st = tl.session.snapshots[t][2]
        for s in game.sides:
            shares[s].append(zone_share(game, st.control, zone, s) if zone else 0.0)
    state = tl.state_at(upto)
    beats = [BeatDate(b.name, b.turn, short_label(b.date, b.time)) for b in tl.beats if b.position <= upto]
    people = casualties_people(game, state)
    winner = ""
    if state.over:
        over = next((e for e in reversed(tl.session.events) if e.kind == "game_over"), None)
        w = str(over.get("winner") or "") if over is not None else ""
        winner = sc.sides[w].name if w in sc.sides else ""
    return LineFacts(label, turns, [sc.calendar.turn_start(t) for t in turns], shares, beats,
                     {sc.sides[s].name: int(n) for s, n in people.items() if s in sc.sides}, winner, state.over)


def step_at_turn(line: Line, turn: int) -> int:
    """The step at the start of ``turn`` on a line (its end if the line stops before): both maps of
    the compare view show the same turn."""
    snaps = line.session.snapshots
    if turn in snaps:
        return snaps[turn][0]
    return line.timeline.end if turn > max(snaps, default=0) else 0


def compare_lines(a: Line, b: Line, labels: tuple[str, str]) -> tuple[LineFacts, LineFacts]:
    return line_facts(a, labels[0]), line_facts(b, labels[1])
