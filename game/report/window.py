"""The decision window in the report: how late could a different decision still have changed the outcome?

It reads the document ``abu-kamal decisions --json`` prints (and a lesson keeps in its ``windows``):
for each turn up to the ambush, the share of games in which each beat happened when one side
switched its decisions at that turn, under the old decisions and the new. The chart draws the
beat the switch changes most; the sentence under the heading is the document's own conclusion,
drawn from the runs, so the page never claims more than the games showed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from matplotlib.dates import DateFormatter, HourLocator

from game.narrate.grammar import when_label
from game.narrate.players import player_words
from game.report.images import Image, new_figure, to_image
from game.scenario.model import Scenario


class WindowError(ValueError):
    """A decision-window document that cannot be drawn; one plain sentence."""


@dataclass
class WindowPoint:
    turn: int
    when: str  # "8 Nov 2017, 18:00"
    before: float  # share of games with the beat under the old decisions
    after: float  # ... under the new


@dataclass
class WindowSection:
    question: str
    conclusion: str
    side: str
    before: str  # the old decisions, in words
    after: str
    beat: str
    runs: int
    points: list[WindowPoint]
    chart: Image


def window_section(doc: dict[str, Any], sc: Scenario) -> WindowSection:
    """Check and draw one decision-window document; a malformed one raises WindowError."""
    try:
        side, frm, to, beat = str(doc["side"]), str(doc["from"]), str(doc["to"]), doc.get("beat")
        rows = list(doc["window"])
        runs = int(doc["runs"])
        points = []
        for row in rows:
            date, time = str(row["date"]).split(" ") if " " in str(row["date"]) else (str(row["date"]), "")
            points.append(WindowPoint(int(row["turn"]), when_label(date, time),
                                      float(row[frm].get(beat, 0.0)) if beat else 0.0,
                                      float(row[to].get(beat, 0.0)) if beat else 0.0))
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise WindowError(f"a decision window must come from 'abu-kamal decisions --json' ({e})") from None
    side_name = sc.sides[side].name if side in sc.sides else side
    beat_name = next((p.name for p in sc.phases if p.id == beat), "the outcome")
    before, after = player_words(sc, side, frm, detail=False), player_words(sc, side, to, detail=False)
    question = (f"How late could a different decision still have changed the outcome? Each point: {side_name} "
                f"switches from “{before}” to “{after}” at that turn, and {runs} games are played on with each.")
    chart = _chart(points, sc, beat_name, before, after, rows)
    return WindowSection(question, str(doc.get("conclusion", "")), side_name, before, after, beat_name, runs,
                         points, chart)


def _chart(points: list[WindowPoint], sc: Scenario, beat: str, before: str, after: str,
           rows: list[dict[str, Any]]) -> Image:
    fig = new_figure(9.0, 3.4, 96)
    ax = fig.add_subplot()
    times = [dt.datetime.strptime(str(r["date"]), "%Y-%m-%d %H:%M") if " " in str(r["date"])
             else dt.datetime.fromisoformat(str(r["date"])) for r in rows]
    ax.plot(times, [100 * p.before for p in points], marker="o", color="#8a4b00",  # type: ignore[arg-type]
            lw=2, label=f"Kept “{before}”")
    ax.plot(times, [100 * p.after for p in points], marker="s", color="#1f5fa8",  # type: ignore[arg-type]
            lw=2, label=f"Switched to “{after}” at that turn")
    ax.set_ylim(-3, 103)
    ax.set_ylabel(f"Games with “{beat}” (%)")
    ax.set_xlabel("Turn at which the decisions switch")
    ax.xaxis.set_major_locator(HourLocator(byhour=(6,)))
    ax.xaxis.set_major_formatter(DateFormatter("%d %b"))
    ax.grid(color="#dddddd", lw=0.6)
    for s in ("top", "right"):
        ax.spines[s].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    fig.subplots_adjust(left=0.08, right=0.7, top=0.95, bottom=0.18)
    return to_image(fig, f"Line chart: share of games in which “{beat}” happened, by the turn at which the "
                         f"decisions switched, for games that kept “{before}” and games that switched to “{after}”.",
                    tight=True)
