"""The odds as a class reads them: one plain sentence first, the chart second.

A student does not know what a "policy" or a "95% interval" is; the sentence says who won how many
of the games played with each set of decisions, and whether the gap is bigger than luck alone would
make it. Beats that had already happened where the games start are shown as past, not as
"100% of runs"; a run the teacher cancelled keeps what had finished, labelled as partial.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from game.narrate.grammar import when_label
from game.narrate.players import player_words
from game.report.charts import odds_chart
from game.report.images import Image
from game.sim.odds import Odds, PolicyOdds

if TYPE_CHECKING:
    from game.session import Session


@dataclass
class OddsSection:
    odds: Odds
    chart: Image
    outcome_label: dict[str, str]
    beat_label: dict[str, str]
    factions: dict[str, str]
    sides: dict[str, str]
    sentence: str = ""
    past: list[str] = field(default_factory=list)  # names of beats already past where the games start
    partial: bool = False
    start: str = ""  # "turn 9 (9 Nov 2017, 06:00)" when known
    players: dict[str, str] = field(default_factory=dict)  # policy name -> words for a class


def past_beats(session: Session, at: int | None) -> list[str]:
    """Phase ids the line had entered before its action ``at`` (where the games were started from)."""
    if at is None:
        return []
    cut = session.marks[at - 1] if 0 < at <= len(session.marks) else 0
    return list(dict.fromkeys(ev.get("phase") for ev in session.events[:cut] if ev.kind == "phase"))


def start_label(session: Session, at: int | None) -> str:
    if at is None:
        return ""
    turns = [t for t, (k, _, _) in session.snapshots.items() if k <= at]
    turn = max(turns) if turns else 1
    stamp = session.scenario.calendar.turn_start(turn).strftime("%Y-%m-%d %H:%M").split()
    return f"turn {turn} ({when_label(*stamp)})"


def _told(p: PolicyOdds, labels: dict[str, str]) -> str:
    """'ISIS won 18 of the 20 games, Government and allies 2'."""
    wins = sorted(((k, n) for k, n in p.outcomes.items() if n), key=lambda kv: -kv[1])
    if not wins:
        return f"none of the {p.runs} games had a winner"
    first, n = wins[0]
    head = (f"no side won {n}" if first == "none" else f"{labels.get(first, first)} won {n}") + f" of the {p.runs} games"
    rest = [f"{'no side' if k == 'none' else labels.get(k, k)} {m}" for k, m in wins[1:]]
    return ", ".join([head, *rest])


def _gap_words(a: PolicyOdds, b: PolicyOdds, labels: dict[str, str]) -> str:
    """Is the gap in the likeliest outcome bigger than luck? Judged from the runs' intervals."""
    keys = set(a.outcomes) | set(b.outcomes)
    if not keys:
        return ""
    key = max(keys, key=lambda k: abs(a.share(a.outcomes.get(k, 0)) - b.share(b.outcomes.get(k, 0))))
    lo_a, hi_a = a.interval(a.outcomes.get(key, 0))
    lo_b, hi_b = b.interval(b.outcomes.get(key, 0))
    if hi_a < lo_b or hi_b < lo_a:
        return ("The difference is bigger than luck alone would make it with this many games: it comes from "
                "the decisions.")
    return ("With this many games the difference could still be luck: more games would tell the decisions "
            "apart from the dice.")


def odds_sentence(odds: Odds, players: dict[str, str], labels: dict[str, str], start: str) -> str:
    """'Played from turn 9 (9 Nov 2017, 06:00): with the decisions as in November 2017, ISIS won 4 of 4
    games; with Vigilant (what-if) decisions, Government and allies won 4 of 4. ...'"""
    said = [f"with “{players.get(p.name, p.name)}”, {_told(p, labels)}" for p in odds.policies]
    head = f"Played again and again from {start}: " if start else "Played again and again: "
    text = head + "; ".join(said) + "."
    if len(odds.policies) == 2:
        text += " " + _gap_words(odds.policies[0], odds.policies[1], labels)
    return text


def _study_words(sc: Any, name: str) -> str:
    """'government=historical, isis=historical' (a ``simulate --json`` study) in a class's words."""
    pairs = [part.strip().partition("=") for part in name.split(",")]
    if not all(eq and side in sc.sides for side, eq, _ in pairs):
        return name
    return "; ".join(f"{sc.sides[side].name}: {player_words(sc, side, pol, detail=False)}" for side, _, pol in pairs)


def odds_section(session: Session, odds: Odds, partial: bool = False) -> OddsSection:
    sc = session.scenario
    outcome_label = {s: sc.sides[s].name for s in sc.sides}
    outcome_label["none"] = "No single winner"
    beat_label = {p.id: p.name for p in sc.phases}
    past = [b for b in past_beats(session, odds.start) if b in beat_label]
    side = odds.side if odds.side in sc.sides else None
    players = {p.name: player_words(sc, side, p.name, detail=False) if side else _study_words(sc, p.name)
               for p in odds.policies}
    start = start_label(session, odds.start)
    chart = odds_chart(odds, outcome_label, beat_label, past=past, names=players)
    return OddsSection(odds, chart, outcome_label, beat_label, {f: x.name for f, x in sc.factions.items()},
                       {s: x.name for s, x in sc.sides.items()}, odds_sentence(odds, players, outcome_label, start),
                       [beat_label[b] for b in past], partial, start, players)
